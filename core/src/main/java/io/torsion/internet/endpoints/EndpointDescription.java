package io.torsion.internet.endpoints;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An endpoint description split into its parts: {@code "tcp:8080:interface=127.0.0.1"} has type
 * {@code tcp}, positional argument {@code 8080} and keyword argument {@code interface}
 * (Twisted's {@code endpoints._parse}).
 *
 * <p>Syntax: parts are separated by {@code ':'}; a part containing {@code '='} is
 * {@code key=value}, any other is positional. A backslash makes the next character literal, so
 * {@code \:} and {@code \=} put a colon or an equals sign in a value (an IPv6 address:
 * {@code tcp6:8080:interface=\:\:1}). Malformed input throws {@link EndpointDescriptionError}:
 * an empty description or type, a description ending in a lone backslash, an empty key, a second
 * unescaped {@code '='} in one part, or a key given twice.
 *
 * <p>Threading: immutable.
 *
 * @param source the description as given
 * @param type the first part, lower-cased ({@code tcp}, {@code tcp6}, {@code ssl}, {@code unix})
 * @param args the positional parts after the type, in order
 * @param kwargs the {@code key=value} parts, in order
 */
public record EndpointDescription(String source, String type, List<String> args, Map<String, String> kwargs) {
    /**
     * Creates the record, copying the collections.
     *
     * @param source the description as given
     * @param type the type
     * @param args the positional parts
     * @param kwargs the keyword parts
     */
    public EndpointDescription {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        args = List.copyOf(args);
        kwargs = Collections.unmodifiableMap(new LinkedHashMap<>(kwargs));
    }

    /**
     * Splits {@code description} into its parts.
     *
     * @param description the description, for example {@code "tcp:8080:interface=127.0.0.1"}
     * @return the parts
     * @throws EndpointDescriptionError if it is malformed; the message names the bad part
     */
    public static EndpointDescription parse(String description) {
        Objects.requireNonNull(description, "description");
        List<List<String>> parts = new ArrayList<>();
        List<String> part = new ArrayList<>();
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < description.length(); i++) {
            char c = description.charAt(i);
            if (c == '\\') {
                if (i + 1 == description.length()) {
                    throw new EndpointDescriptionError(description,
                            "bad escape: a backslash at the end escapes nothing");
                }
                token.append(description.charAt(++i));
            } else if (c == ':') {
                part.add(token.toString());
                token.setLength(0);
                parts.add(part);
                part = new ArrayList<>();
            } else if (c == '=') {
                if (part.size() == 1) {
                    throw new EndpointDescriptionError(description, "part \"" + part.get(0) + "=" + token
                            + "=...\" has a second '='; write \\= for a literal one");
                }
                part.add(token.toString());
                token.setLength(0);
            } else {
                token.append(c);
            }
        }
        part.add(token.toString());
        parts.add(part);
        return fromParts(description, parts);
    }

    private static EndpointDescription fromParts(String description, List<List<String>> parts) {
        List<String> first = parts.get(0);
        if (first.size() != 1 || first.get(0).isEmpty()) {
            throw new EndpointDescriptionError(description, description.isEmpty()
                    ? "it is empty; expected TYPE:ARGUMENTS such as tcp:8080"
                    : "it does not start with an endpoint type such as tcp:");
        }
        List<String> args = new ArrayList<>();
        Map<String, String> kwargs = new LinkedHashMap<>();
        for (List<String> p : parts.subList(1, parts.size())) {
            if (p.size() == 1) {
                args.add(p.get(0));
                continue;
            }
            String key = p.get(0);
            if (key.isEmpty()) {
                throw new EndpointDescriptionError(description, "part \"=" + p.get(1) + "\" has an empty key");
            }
            if (kwargs.put(key, p.get(1)) != null) {
                throw new EndpointDescriptionError(description, "parameter \"" + key + "\" is given twice");
            }
        }
        return new EndpointDescription(description, first.get(0).toLowerCase(java.util.Locale.ROOT), args, kwargs);
    }

    /**
     * Binds the positional and keyword arguments to parameter names, as a Python call would: the
     * i-th positional argument fills the i-th name, and a keyword must be one of the names.
     *
     * @param names the parameters in positional order
     * @return the value given for each named parameter, in no promised order
     * @throws EndpointDescriptionError if there are too many positional arguments, a keyword is
     *     not a known parameter, or a parameter is given both ways
     */
    public Map<String, String> bind(List<String> names) {
        if (args.size() > names.size()) {
            throw new EndpointDescriptionError(source, "too many positional arguments for " + type
                    + " (at most " + names.size() + ": " + String.join(", ", names) + "); extra \""
                    + args.get(names.size()) + "\"");
        }
        Map<String, String> bound = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            bound.put(names.get(i), args.get(i));
        }
        Set<String> known = Set.copyOf(names);
        for (Map.Entry<String, String> e : kwargs.entrySet()) {
            if (!known.contains(e.getKey())) {
                throw new EndpointDescriptionError(source, "unknown parameter \"" + e.getKey() + "\" for " + type
                        + " (known: " + String.join(", ", names) + ")");
            }
            if (bound.put(e.getKey(), e.getValue()) != null) {
                throw new EndpointDescriptionError(source, "parameter \"" + e.getKey()
                        + "\" is given both by position and by name");
            }
        }
        return bound;
    }

    /**
     * Reads a required port parameter.
     *
     * @param bound the bound parameters
     * @param name the parameter's name
     * @param min the smallest allowed port (0 for servers, 1 for clients)
     * @return the port
     * @throws EndpointDescriptionError if it is missing, not a number, or outside min..65535
     */
    int port(Map<String, String> bound, String name, int min) {
        String value = bound.get(name);
        if (value == null) {
            throw new EndpointDescriptionError(source, "missing " + name + " for " + type);
        }
        int port = integer(name, value);
        if (port < min || port > 65535) {
            throw new EndpointDescriptionError(source, name + " " + port + " is out of range " + min + "..65535");
        }
        return port;
    }

    /** Parses {@code value} as a decimal integer, naming {@code name} if it is not one. */
    int integer(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new EndpointDescriptionError(source, name + " \"" + value + "\" is not a number");
        }
    }

    /** Parses {@code value} as a non-negative number of seconds. */
    double seconds(String name, String value) {
        String problem = name + " \"" + value + "\" is not a number of seconds >= 0";
        double d;
        try {
            d = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new EndpointDescriptionError(source, problem);
        }
        if (!(d >= 0) || Double.isInfinite(d)) {
            throw new EndpointDescriptionError(source, problem);
        }
        return d;
    }

    /** Reads a required non-empty string parameter. */
    String required(Map<String, String> bound, String name) {
        String value = bound.get(name);
        if (value == null || value.isEmpty()) {
            throw new EndpointDescriptionError(source, "missing " + name + " for " + type);
        }
        return value;
    }

    /** Parses a Twisted-style boolean ("0"/"1", "true"/"false", "yes"/"no"). */
    boolean bool(String name, String value) {
        switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "1", "true", "yes": return true;
            case "0", "false", "no": return false;
            default: throw new EndpointDescriptionError(source, name + " \"" + value + "\" is not a boolean (0 or 1)");
        }
    }
}
