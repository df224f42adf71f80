package io.torsion.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Holds HTTP header fields by case-insensitive name, each with one or more values in the order
 * they were added (Twisted's {@code twisted.web.http_headers.Headers}).
 *
 * <p>Names keep the spelling of their first use when written out (a {@link #setRawHeaders} takes
 * its own spelling); lookups ignore ASCII case. Values are text decoded as ISO-8859-1, so every
 * byte round-trips. This class does not validate: the request parser checks what it receives, and
 * {@link Request#setHeader} refuses CR and LF in what a resource sends.
 *
 * <p>Threading: not thread-safe; a request's headers belong to the reactor thread.
 */
public final class Headers {
    // A message has few fields, so a lookup scans the list, comparing names without building a
    // lower-cased copy to hash. Past INDEX_AT fields an index by lower-cased name takes over, so
    // that a request with hundreds of fields (up to HttpSettings.maxHeaderCount) cannot make
    // parsing quadratic.
    private static final int INDEX_AT = 12;

    private final List<Entry> entries = new ArrayList<>();
    private Map<String, Entry> index;

    /** One field: its name as first spelled, and its values. */
    private static final class Entry {
        final String name;
        final List<String> values;

        Entry(String name, List<String> values) {
            this.name = name;
            this.values = values;
        }
    }

    /** Creates an empty set of headers. */
    public Headers() {
    }

    /** The name with ASCII letters lower-cased; other characters must match exactly. */
    private static String key(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] chars = name.toCharArray();
                for (int j = i; j < chars.length; j++) {
                    if (chars[j] >= 'A' && chars[j] <= 'Z') {
                        chars[j] += 'a' - 'A';
                    }
                }
                return new String(chars);
            }
        }
        return name;
    }

    private static boolean sameName(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y && !(isAsciiLetter(x) && (x | 0x20) == (y | 0x20))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }

    private Entry find(String name) {
        if (index != null) {
            return index.get(key(name));
        }
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (sameName(e.name, name)) {
                return e;
            }
        }
        return null;
    }

    private void add(Entry e) {
        entries.add(e);
        if (index != null) {
            index.put(key(e.name), e);
        } else if (entries.size() > INDEX_AT) {
            index = new HashMap<>();
            for (Entry each : entries) {
                index.put(key(each.name), each);
            }
        }
    }

    /**
     * Adds {@code value} after any existing values of {@code name} (Twisted's {@code addRawHeader}).
     *
     * @param name the field name, any case
     * @param value the field value
     */
    public void addRawHeader(String name, String value) {
        Entry e = find(name);
        if (e == null) {
            e = new Entry(name, new ArrayList<>(2));
            add(e);
        }
        e.values.add(value);
    }

    /**
     * Replaces every value of {@code name} with {@code values} (Twisted's {@code setRawHeaders});
     * the field keeps its place among the others.
     *
     * @param name the field name, any case
     * @param values the new values; an empty list removes the header
     */
    public void setRawHeaders(String name, List<String> values) {
        if (values.isEmpty()) {
            removeHeader(name);
            return;
        }
        Entry fresh = new Entry(name, new ArrayList<>(values));
        Entry old = find(name);
        if (old == null) {
            add(fresh);
            return;
        }
        entries.set(entries.indexOf(old), fresh);
        if (index != null) {
            index.put(key(name), fresh);
        }
    }

    /**
     * Returns every value of {@code name} in the order received (Twisted's {@code getRawHeaders}).
     *
     * @param name the field name, any case
     * @return the values, unmodifiable; empty when the header is absent
     */
    public List<String> getRawHeaders(String name) {
        Entry e = find(name);
        return e == null ? List.of() : Collections.unmodifiableList(e.values);
    }

    /**
     * Returns the last value of {@code name}, as Twisted's {@code Request.getHeader} does.
     *
     * @param name the field name, any case
     * @return the last value, or empty when the header is absent
     */
    public Optional<String> getLast(String name) {
        Entry e = find(name);
        return e == null ? Optional.empty() : Optional.of(e.values.get(e.values.size() - 1));
    }

    /**
     * Tells whether {@code name} has at least one value (Twisted's {@code hasHeader}).
     *
     * @param name the field name, any case
     * @return true if present
     */
    public boolean hasHeader(String name) {
        return find(name) != null;
    }

    /**
     * Removes every value of {@code name} (Twisted's {@code removeHeader}).
     *
     * @param name the field name, any case
     */
    public void removeHeader(String name) {
        Entry e = find(name);
        if (e != null) {
            entries.remove(e);
            if (index != null) {
                index.remove(key(name));
            }
        }
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
        Entry e = find(name);
        if (e == null) {
            return false;
        }
        for (String value : e.values) {
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
        List<String> names = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            names.add(e.name);
        }
        return names;
    }

    /** The number of distinct names, for iterating with {@link #name(int)} and {@link #values(int)}. */
    int size() {
        return entries.size();
    }

    /** The {@code i}th name in first-added order, spelled as first added. */
    String name(int i) {
        return entries.get(i).name;
    }

    /** The values of the {@code i}th name, live: callers only read them. */
    List<String> values(int i) {
        return entries.get(i).values;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Headers{");
        for (Entry e : entries) {
            sb.append(e.name).append('=').append(e.values).append(' ');
        }
        return sb.append('}').toString();
    }
}
