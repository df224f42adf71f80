package io.torsion.web;

import java.util.List;
import java.util.Locale;

/** The RFC 9110/9112 character classes and field checks the parser needs. */
final class HttpSyntax {
    private HttpSyntax() {
    }

    /** tchar (RFC 9110 §5.6.2) by ASCII code. */
    private static final boolean[] TCHAR = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            TCHAR[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
        }
    }

    static boolean isTokenChar(char c) {
        return c < 128 && TCHAR[c];
    }

    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Visible ASCII only: no controls, no space, no bytes above 0x7E. */
    static boolean isTarget(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                return false;
            }
        }
        return true;
    }

    static boolean isAbsoluteForm(String t) {
        return t.regionMatches(true, 0, "http://", 0, 7) || t.regionMatches(true, 0, "https://", 0, 8);
    }

    /** field-value: VCHAR, obs-text, SP and HTAB; no other control characters. */
    static boolean isFieldValue(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                return false;
            }
        }
        return true;
    }

    static String trimOws(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && (s.charAt(a) == ' ' || s.charAt(a) == '\t')) {
            a++;
        }
        while (b > a && (s.charAt(b - 1) == ' ' || s.charAt(b - 1) == '\t')) {
            b--;
        }
        return s.substring(a, b);
    }

    /** uri-host [ ":" port ]: reg-name, IPv4 or IP-literal characters only; may be empty. */
    static boolean isHost(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "-._~!$&'()*+,;=%:[]".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns the single Content-Length, or a negative number when a value is not plain digits,
     * overflows, or values differ (RFC 9112 §6.3 items 4 and 5).
     */
    static long contentLength(List<String> values) {
        long found = -1;
        for (String value : values) {
            for (String element : value.split(",", -1)) {
                long n = digits(trimOws(element));
                if (n < 0 || (found >= 0 && n != found)) {
                    return -1;
                }
                found = n;
            }
        }
        return found;
    }

    private static long digits(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return -1; // 18 digits always fit in a long: no overflow possible
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /**
     * Checks a Transfer-Encoding list: returns "" when it is exactly {@code chunked}, else a
     * verdict "400 why" (chunked missing, not last or repeated) or "501 why" (a coding we do not
     * decode before the final chunked).
     */
    static String checkTransferEncoding(List<String> values) {
        List<String> codings = new java.util.ArrayList<>();
        for (String value : values) {
            for (String element : value.split(",", -1)) {
                String c = trimOws(element).toLowerCase(Locale.ROOT);
                if (!c.isEmpty()) {
                    codings.add(c);
                }
            }
        }
        if (codings.isEmpty() || !codings.get(codings.size() - 1).equals("chunked")) {
            return "400 Transfer-Encoding does not end in chunked";
        }
        if (codings.indexOf("chunked") != codings.size() - 1) {
            return "400 chunked applied more than once";
        }
        if (codings.size() > 1) {
            return "501 unsupported transfer coding " + codings.get(0);
        }
        return "";
    }

    /**
     * Parses a chunk-size line: 1*HEXDIG, then optionally whitespace and {@code ;} extensions
     * (skipped). Returns the size, or a negative number when malformed or over 2^60.
     */
    static long chunkSize(String line) {
        int i = 0;
        long size = 0;
        while (i < line.length() && Character.digit(line.charAt(i), 16) >= 0 && line.charAt(i) < 0x80) {
            if (size > (Long.MAX_VALUE >> 4) >> 3) {
                return -1;
            }
            size = size * 16 + Character.digit(line.charAt(i), 16);
            i++;
        }
        if (i == 0) {
            return -1;
        }
        int j = i;
        while (j < line.length() && (line.charAt(j) == ' ' || line.charAt(j) == '\t')) {
            j++;
        }
        if (j == line.length()) {
            return j == i ? size : -1; // trailing whitespace without an extension is refused
        }
        if (line.charAt(j) != ';' || !isFieldValue(line.substring(j))) {
            return -1;
        }
        return size;
    }

    /** IMF-fixdate (RFC 9110 §5.6.7), e.g. {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    static final java.time.format.DateTimeFormatter HTTP_DATE = java.time.format.DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(java.time.ZoneOffset.UTC);

    /** Formats an IMF-fixdate (RFC 9110 §5.6.7), e.g. {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    static String httpDate(java.time.Instant when) {
        return HTTP_DATE.format(when);
    }
}
