/**
 * Torsion's web layer: an HTTP/1.1 server ({@code Site}, {@code Resource}, static {@code File}),
 * Twisted's {@code twisted.web}.
 */
module io.torsion.web {
    requires transitive io.torsion.core;

    exports io.torsion.web;
    exports io.torsion.web.client;
}
