package io.torsion.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a test class as a fixture for tests of the extension: it runs only under EngineTestKit,
 * which sets the configuration parameter {@value #ENABLED}. Anywhere else (Surefire, an IDE running
 * the package) its tests are disabled, so the failures they are made to produce fail nothing.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(Fixture.OnlyInTestKit.class)
@interface Fixture {
    /** The JUnit configuration parameter that enables fixtures. */
    String ENABLED = "io.torsion.testing.fixtures";

    /** Disables fixture classes unless {@value Fixture#ENABLED} is {@code true}. */
    final class OnlyInTestKit implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(ENABLED).filter("true"::equals).isPresent()
                    ? ConditionEvaluationResult.enabled("run by EngineTestKit")
                    : ConditionEvaluationResult.disabled("a fixture for EngineTestKit, not a test");
        }
    }
}
