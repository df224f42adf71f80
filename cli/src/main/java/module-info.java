/**
 * The {@code torsion} command ({@code web}, {@code echo}, {@code portforward}, {@code get}, {@code example}),
 * built with picocli. Exports nothing: it is a program, not a library.
 */
module io.torsion.cli {
    requires io.torsion.core;
    requires io.torsion.web;
    requires io.torsion.examples;
    requires info.picocli;

    // picocli fills the commands' option fields by reflection.
    opens io.torsion.cli to info.picocli;
}
