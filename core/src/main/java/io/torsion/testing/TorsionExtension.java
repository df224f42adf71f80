package io.torsion.testing;

import io.torsion.internet.Reactor;
import io.torsion.internet.ReactorOptions;
import io.torsion.internet.SelectorReactor;
import io.torsion.task.Clock;
import java.lang.reflect.Method;
import java.util.Objects;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that gives each test its own reactor or {@link Clock} and fails that test if
 * it leaves work behind (what Twisted's trial does for its {@code TestCase}s, with the reactor
 * check of its janitor and its check for logged errors). Use it with {@link TorsionTest}, with
 * {@code @ExtendWith(TorsionExtension.class)}, or in a {@code @RegisterExtension} field to choose
 * the reactors' options.
 * <pre>{@code
 * @TorsionTest
 * class ReadTest {
 *     @Test
 *     void readsInThePool(SelectorReactor reactor) {
 *         Deferred<String> d = reactor.deferToThread(() -> Files.readString(path));
 *         assertEquals("hello", ReactorAssertions.runUntilFired(reactor, d, Duration.ofSeconds(10)));
 *     }
 *
 *     @Test
 *     void timesOut(Clock clock) { ... clock.advance(30); ... }
 * }
 * }</pre>
 *
 * <p>Parameters, resolved for test methods and their {@code @BeforeEach} and {@code @AfterEach}
 * methods (not constructors or {@code @BeforeAll} methods: a reactor belongs to one test):
 * <ul>
 *   <li>{@link Clock}: a new Clock at time 0;</li>
 *   <li>{@link SelectorReactor} or {@link Reactor}: a new reactor that has not run, with the options
 *       given to the constructor: by default {@link ReactorOptions#defaults()} with the blocked-loop
 *       watchdog on. Run it on the test's thread, bounded, with {@link ReactorAssertions}.</li>
 * </ul>
 * Within one test, every parameter of the same kind gets the same instance, so a
 * {@code @BeforeEach} method can set up the reactor that the test then runs.
 *
 * <p>When the test and its {@code @AfterEach} methods are done, the extension checks and then
 * releases what the test left behind, and fails the test with a {@link DirtyReactorError} listing
 * each item if there is any:
 * <ol>
 *   <li>a reactor still running on another thread (it is stopped, waiting up to 30 s);</li>
 *   <li>timed calls still pending on the reactor or the Clock (they are cancelled);</li>
 *   <li>channels, that is ports and connections, still registered with the reactor and open (they
 *       are closed). A reactor that stops closes its TCP ports and connections itself, so this
 *       finds those of a reactor the test never ran, and any that stopping left open;</li>
 *   <li>Deferreds that came to rest on a failure during the test and still hold it unhandled,
 *       each listed with its message and stack trace (seen by an {@link
 *       io.torsion.defer.UnhandledFailureWatch} opened before the test).</li>
 * </ol>
 * If the test itself failed, this error is added to its failure as a suppressed exception.
 *
 * <p>The failing test is the one that left the work behind. Twisted's trial blames the wrong
 * test: a Deferred's unhandled error is logged when the garbage collector gets to it, so trial
 * fails whichever later test is running then. Here the failure watch sees the failure as soon as
 * it comes to rest, whether or not it has been collected. (When it is collected, in a later test,
 * the Deferred still logs it, as every unhandled failure is logged; that log fails nothing.)
 *
 * <p>Limits: failures are watched process-wide, so tests that run concurrently in one JVM (JUnit's
 * parallel execution) may be blamed for each other's failures; run tests that use this extension
 * sequentially, JUnit's default. Only the reactor and Clock the extension made are checked.
 *
 * <p>Threading: JUnit calls it on the test's thread; the reactor and Clock belong to that thread.
 */
// JUnit's types in this API are not re-exported (requires static, not transitive), so that a module
// reading io.torsion.core compiles without JUnit; a test module that uses this class requires JUnit.
@SuppressWarnings("exports")
public final class TorsionExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TorsionExtension.class);
    private static final String SCOPE = "scope";

    private final ReactorOptions options;

    /** Creates the extension with {@link ReactorOptions#defaults()} and the watchdog on. */
    public TorsionExtension() {
        this(ReactorOptions.defaults().withWatchdog(true));
    }

    /**
     * Creates the extension with the options of the reactors it makes, as given: to keep the
     * watchdog, leave it on in them.
     *
     * @param options the reactors' options
     */
    public TorsionExtension(ReactorOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Returns the options of the reactors this extension makes.
     *
     * @return the options
     */
    public ReactorOptions options() {
        return options;
    }

    /**
     * Starts watching for unhandled failures before the test's {@code @BeforeEach} methods run.
     *
     * @param context the test's context
     */
    @Override
    public void beforeEach(ExtensionContext context) {
        scope(context);
    }

    /**
     * Checks and releases what the test left behind.
     *
     * @param context the test's context
     * @throws DirtyReactorError if the test left work behind
     */
    @Override
    public void afterEach(ExtensionContext context) {
        TestScope scope = context.getStore(NAMESPACE).remove(SCOPE, TestScope.class);
        if (scope != null) {
            scope.finish(context.getDisplayName());
        }
    }

    /**
     * Tells whether the parameter is a {@link Clock}, {@link SelectorReactor} or {@link Reactor}.
     *
     * @param parameterContext the parameter
     * @param extensionContext the test's context
     * @return true for the types this extension provides
     */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == Clock.class || type == SelectorReactor.class || type == Reactor.class;
    }

    /**
     * Returns the test's Clock or reactor, made on first use.
     *
     * @param parameterContext the parameter
     * @param extensionContext the test's context
     * @return the instance for this test
     * @throws ParameterResolutionException if the parameter is not one of a test method or of its
     *     {@code @BeforeEach} or {@code @AfterEach} methods
     */
    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        if (extensionContext.getTestMethod().isEmpty()
                || !(parameterContext.getDeclaringExecutable() instanceof Method)) {
            throw new ParameterResolutionException("A " + parameterContext.getParameter().getType().getSimpleName()
                    + " from TorsionExtension belongs to one test: take it as a parameter of the test method,"
                    + " or of a @BeforeEach or @AfterEach method, not of " + parameterContext.getDeclaringExecutable());
        }
        TestScope scope = scope(extensionContext);
        return parameterContext.getParameter().getType() == Clock.class ? scope.clock() : scope.reactor();
    }

    private TestScope scope(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(SCOPE, key -> new TestScope(options),
                TestScope.class);
    }
}
