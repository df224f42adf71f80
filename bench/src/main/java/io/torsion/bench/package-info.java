/**
 * JMH benchmarks (run with {@code java -jar bench/target/benchmarks.jar}) and the servers of the
 * load comparison ({@code bench/run}); {@code mvn verify} compiles them and never runs them.
 */
package io.torsion.bench;
