/**
 * The tutorial's programs, each a small {@code main} that reads like the step of the tutorial it
 * ports.
 */
module io.torsion.examples {
    requires io.torsion.core;
    requires io.torsion.web;

    exports io.torsion.examples;
}
