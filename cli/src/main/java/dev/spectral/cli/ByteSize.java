package dev.spectral.cli;

import dev.spectral.InvalidInputException;
import java.util.Locale;

/** Memory sizes as people write them: 512m, 8g, 1.5g, 100k, or a plain byte count (binary units, 1k = 1024). */
final class ByteSize {
    private ByteSize() {}

    static long parse(String option, String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.endsWith("b")) {
            s = s.substring(0, s.length() - 1);
        }
        long unit = 1;
        if (!s.isEmpty()) {
            switch (s.charAt(s.length() - 1)) {
                case 'k' -> unit = 1L << 10;
                case 'm' -> unit = 1L << 20;
                case 'g' -> unit = 1L << 30;
                case 't' -> unit = 1L << 40;
                default -> unit = 1;
            }
        }
        String number = unit == 1 ? s : s.substring(0, s.length() - 1);
        double v;
        try {
            v = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(option + " needs a size like 512m, 8g or a byte count, got '" + text + "'");
        }
        if (!(v > 0) || v * unit >= 0x1p62) {
            throw new InvalidInputException(option + " must be a positive size, got '" + text + "'");
        }
        return (long) (v * unit);
    }

    /** 8589934592 -> "8.00 GiB". */
    static String format(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.2f %s", v, units[u]);
    }
}
