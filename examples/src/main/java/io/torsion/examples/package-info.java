/**
 * The programs of Twisted's tutorial, ported one to a class, each with a {@code main}:
 * {@link io.torsion.examples.PrintLater} and {@link io.torsion.examples.PrintLaterTwice} come first.
 * Run one with the core and the examples on the class path:
 * <pre>
 * java -cp core/target/classes:examples/target/classes io.torsion.examples.PrintLater
 * </pre>
 */
package io.torsion.examples;
