package dev.spectral.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.spectral.SpectralException;
import java.io.PrintWriter;
import java.util.Locale;

/** JSON and human output. JSON field names are the record components in snake_case. */
final class Output {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Output() {}

    static void json(PrintWriter out, Object result) {
        try {
            out.println(JSON.writeValueAsString(result));
        } catch (JsonProcessingException e) {
            throw new SpectralException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A number for people: 6 significant digits, or a fixed form for moderate values. */
    static String num(double v) {
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return String.format(Locale.ROOT, "%.10g", v);
    }

    /** A two-column table of label and value. */
    static void table(PrintWriter out, String[][] rows) {
        int w = 0;
        for (String[] r : rows) {
            w = Math.max(w, r[0].length());
        }
        for (String[] r : rows) {
            out.printf(Locale.ROOT, "%-" + w + "s  %s%n", r[0], r[1]);
        }
    }

    static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f s", s);
    }
}
