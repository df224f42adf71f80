/** JMH benchmarks: run with {@code java -jar bench/target/benchmarks.jar}; never run by {@code mvn verify}. */
package io.torsion.bench;
