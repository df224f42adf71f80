/**
 * Torsion's core: {@code Deferred}, the reactor, tasks, protocols and the test doubles. Depends on
 * the JDK only.
 *
 * <p>The one exception is optional: {@code io.torsion.testing.TorsionExtension} and
 * {@code TorsionTest} are built on JUnit Jupiter's API, which the core requires only at compile
 * time ({@code requires static}); they load only where JUnit is present, as in a test run.
 */
module io.torsion.core {
    requires static org.junit.jupiter.api;

    exports io.torsion.defer;
    exports io.torsion.internet;
    exports io.torsion.internet.endpoints;
    exports io.torsion.protocols;
    exports io.torsion.task;
    exports io.torsion.testing;
}
