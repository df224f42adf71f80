package io.torsion.cli;

import io.torsion.internet.SelectorReactor;
import java.io.PrintWriter;
import java.util.function.Supplier;

/** What every command gets from {@link Main}: where to get its reactor and where to print. */
record CliContext(Supplier<SelectorReactor> reactors, PrintWriter out, PrintWriter err) {
}
