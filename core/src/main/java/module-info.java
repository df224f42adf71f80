/**
 * Torsion's core: {@code Deferred}, the reactor, tasks, protocols and the test doubles. Depends on
 * the JDK only.
 */
module io.torsion.core {
    exports io.torsion.defer;
    exports io.torsion.internet;
    exports io.torsion.internet.endpoints;
    exports io.torsion.protocols;
    exports io.torsion.task;
    exports io.torsion.testing;
}
