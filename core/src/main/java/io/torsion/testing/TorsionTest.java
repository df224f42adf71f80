package io.torsion.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a JUnit 5 test class (or one test method) with {@link TorsionExtension} and its default
 * settings: each test gets its own reactor or {@code Clock} as a parameter, and fails if it leaves
 * pending timed calls, open channels, a running reactor or an unhandled failure behind.
 * <pre>{@code
 * @TorsionTest
 * class TimeoutTest {
 *     @Test
 *     void timesOut(Clock clock) { ... }
 * }
 * }</pre>
 * To give the reactors other options, register the extension in a field instead:
 * {@code @RegisterExtension final TorsionExtension torsion = new TorsionExtension(options);}
 *
 * <p>Threading: immutable.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(TorsionExtension.class)
@SuppressWarnings("exports") // see TorsionExtension
public @interface TorsionTest {
}
