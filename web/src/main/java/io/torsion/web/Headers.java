package io.torsion.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Holds HTTP header fields by case-insensitive name, each with one or more values in the order
 * they were added (Twisted's {@code twisted.web.http_headers.Headers}).
 *
 * <p>Names keep the spelling of their first use when written out; lookups ignore case. Values are
 * text decoded as ISO-8859-1, so every byte round-trips. This class does not validate: the request
 * parser checks what it receives, and {@link Request#setHeader} refuses CR and LF in what a
 * resource sends.
 *
 * <p>Threading: not thread-safe; a request's headers belong to the reactor thread.
 */
public final class Headers {
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private record Entry(String name, List<String> values) {
    }

    /** Creates an empty set of headers. */
    public Headers() {
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /**
     * Adds {@code value} after any existing values of {@code name} (Twisted's {@code addRawHeader}).
     *
     * @param name the field name, any case
     * @param value the field value
     */
    public void addRawHeader(String name, String value) {
        entries.computeIfAbsent(key(name), k -> new Entry(name, new ArrayList<>())).values().add(value);
    }

    /**
     * Replaces every value of {@code name} with {@code values} (Twisted's {@code setRawHeaders}).
     *
     * @param name the field name, any case
     * @param values the new values; an empty list removes the header
     */
    public void setRawHeaders(String name, List<String> values) {
        if (values.isEmpty()) {
            removeHeader(name);
            return;
        }
        entries.put(key(name), new Entry(name, new ArrayList<>(values)));
    }

    /**
     * Returns every value of {@code name} in the order received (Twisted's {@code getRawHeaders}).
     *
     * @param name the field name, any case
     * @return the values, unmodifiable; empty when the header is absent
     */
    public List<String> getRawHeaders(String name) {
        Entry e = entries.get(key(name));
        return e == null ? List.of() : Collections.unmodifiableList(e.values());
    }

    /**
     * Returns the last value of {@code name}, as Twisted's {@code Request.getHeader} does.
     *
     * @param name the field name, any case
     * @return the last value, or empty when the header is absent
     */
    public Optional<String> getLast(String name) {
        List<String> values = getRawHeaders(name);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1));
    }

    /**
     * Tells whether {@code name} has at least one value (Twisted's {@code hasHeader}).
     *
     * @param name the field name, any case
     * @return true if present
     */
    public boolean hasHeader(String name) {
        return entries.containsKey(key(name));
    }

    /**
     * Removes every value of {@code name} (Twisted's {@code removeHeader}).
     *
     * @param name the field name, any case
     */
    public void removeHeader(String name) {
        entries.remove(key(name));
    }

    /**
     * Tells whether the comma-separated list in the values of {@code name} contains {@code token},
     * ignoring case and surrounding whitespace, e.g. {@code close} in {@code Connection: a, Close}.
     *
     * @param name the field name, any case
     * @param token the list element to look for
     * @return true if some element equals {@code token} ignoring case
     */
    public boolean hasToken(String name, String token) {
        for (String value : getRawHeaders(name)) {
            for (String element : value.split(",", -1)) {
                if (element.trim().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Returns the header names in first-added order, each spelled as first added.
     *
     * @return the names, a fresh list
     */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (Entry e : entries.values()) {
            names.add(e.name());
        }
        return names;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Headers{");
        for (Entry e : entries.values()) {
            sb.append(e.name()).append('=').append(e.values()).append(' ');
        }
        return sb.append('}').toString();
    }
}
