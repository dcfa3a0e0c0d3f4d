package dev.spectral.internal.weights;

import java.util.Locale;

/**
 * A minimal hand-written SVG chart: one panel with linear or log10 axes, ticks, bars, lines, markers and a legend.
 * Coordinates are given in data units (already log10-transformed for log axes: the axis only labels ticks as powers).
 */
final class SvgPlot {
    private static final int LEFT = 58;
    private static final int RIGHT = 12;
    private static final int TOP = 26;
    private static final int BOTTOM = 40;

    private final int width;
    private final int height;
    private final double x0;
    private final double x1;
    private final double y0;
    private final double y1;
    private final boolean logX;
    private final boolean logY;
    private final StringBuilder body = new StringBuilder();
    private final StringBuilder legend = new StringBuilder();
    private int legendRows;

    SvgPlot(int width, int height, double x0, double x1, double y0, double y1, boolean logX, boolean logY) {
        this.width = width;
        this.height = height;
        double dx = x1 > x0 ? 0 : Math.max(1e-12, Math.abs(x0) * 0.05 + 1e-12);
        double dy = y1 > y0 ? 0 : Math.max(1e-12, Math.abs(y0) * 0.05 + 1e-12);
        this.x0 = x0 - dx;
        this.x1 = x1 + dx;
        this.y0 = y0 - dy;
        this.y1 = y1 + dy;
        this.logX = logX;
        this.logY = logY;
    }

    double px(double x) {
        return LEFT + (x - x0) / (x1 - x0) * (width - LEFT - RIGHT);
    }

    double py(double y) {
        return height - BOTTOM - (y - y0) / (y1 - y0) * (height - TOP - BOTTOM);
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** A bar from y0 (the bottom of the panel) up to y over [xa, xb]. */
    SvgPlot bar(double xa, double xb, double y, String fill) {
        double top = py(Math.min(Math.max(y, y0), y1));
        double bottom = py(y0);
        body.append("<rect x=\"").append(f(px(xa))).append("\" y=\"").append(f(top)).append("\" width=\"")
                .append(f(Math.max(0.5, px(xb) - px(xa)))).append("\" height=\"").append(f(Math.max(0, bottom - top)))
                .append("\" fill=\"").append(fill).append("\"/>");
        return this;
    }

    /** A polyline through finite points inside the panel's y-range (points outside are clipped away). */
    SvgPlot line(double[] xs, double[] ys, String stroke, double widthPx, String dash) {
        StringBuilder pts = new StringBuilder();
        for (int i = 0; i < xs.length; i++) {
            if (Double.isFinite(xs[i]) && Double.isFinite(ys[i]) && ys[i] >= y0 && ys[i] <= y1 && xs[i] >= x0
                    && xs[i] <= x1) {
                pts.append(f(px(xs[i]))).append(',').append(f(py(ys[i]))).append(' ');
            }
        }
        if (pts.length() > 0) {
            body.append("<polyline fill=\"none\" stroke=\"").append(stroke).append("\" stroke-width=\"").append(widthPx)
                    .append('"').append(dash == null ? "" : " stroke-dasharray=\"" + dash + "\"")
                    .append(" points=\"").append(pts.toString().strip()).append("\"/>");
        }
        return this;
    }

    SvgPlot vertical(double x, String stroke, String dash) {
        if (x >= x0 && x <= x1) {
            body.append("<line x1=\"").append(f(px(x))).append("\" x2=\"").append(f(px(x))).append("\" y1=\"")
                    .append(f(py(y0))).append("\" y2=\"").append(f(py(y1))).append("\" stroke=\"").append(stroke)
                    .append("\" stroke-dasharray=\"").append(dash).append("\"/>");
        }
        return this;
    }

    SvgPlot horizontal(double y, String stroke, String dash) {
        if (y >= y0 && y <= y1) {
            body.append("<line x1=\"").append(f(px(x0))).append("\" x2=\"").append(f(px(x1))).append("\" y1=\"")
                    .append(f(py(y))).append("\" y2=\"").append(f(py(y))).append("\" stroke=\"").append(stroke)
                    .append("\" stroke-dasharray=\"").append(dash).append("\"/>");
        }
        return this;
    }

    SvgPlot band(double ya, double yb, String fill) {
        double a = Math.max(y0, Math.min(ya, yb));
        double b = Math.min(y1, Math.max(ya, yb));
        if (b > a) {
            body.append("<rect x=\"").append(f(px(x0))).append("\" y=\"").append(f(py(b))).append("\" width=\"")
                    .append(f(px(x1) - px(x0))).append("\" height=\"").append(f(py(a) - py(b))).append("\" fill=\"")
                    .append(fill).append("\"/>");
        }
        return this;
    }

    SvgPlot marker(double x, double y, String fill, String title) {
        double cy = py(Math.min(Math.max(y, y0), y1));
        body.append("<circle cx=\"").append(f(px(x))).append("\" cy=\"").append(f(cy)).append("\" r=\"3\" fill=\"")
                .append(fill).append("\"><title>").append(Html.escape(title)).append("</title></circle>");
        return this;
    }

    SvgPlot cross(double x, double y, String stroke, String title) {
        double cx = px(x);
        double cy = py(Math.min(Math.max(y, y0), y1));
        body.append("<path d=\"M").append(f(cx - 3)).append(',').append(f(cy - 3)).append("l6,6m0,-6l-6,6\" stroke=\"")
                .append(stroke).append("\" stroke-width=\"1.5\"><title>").append(Html.escape(title))
                .append("</title></path>");
        return this;
    }

    SvgPlot errorBar(double x, double ya, double yb, String stroke) {
        double a = Math.max(y0, Math.min(ya, yb));
        double b = Math.min(y1, Math.max(ya, yb));
        if (b > a) {
            body.append("<line x1=\"").append(f(px(x))).append("\" x2=\"").append(f(px(x))).append("\" y1=\"")
                    .append(f(py(a))).append("\" y2=\"").append(f(py(b))).append("\" stroke=\"").append(stroke)
                    .append("\"/>");
        }
        return this;
    }

    /** A legend row in the top right corner: the text ends just left of its colour swatch. */
    SvgPlot legend(String color, String label) {
        int y = TOP + 4 + 14 * legendRows++;
        int x = width - RIGHT - 14;
        legend.append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"10\" height=\"10\" fill=\"")
                .append(color).append("\"/><text x=\"").append(x - 4).append("\" y=\"").append(y + 9)
                .append("\" font-size=\"10\" text-anchor=\"end\">").append(Html.escape(label)).append("</text>");
        return this;
    }

    /** A small triangle on the x axis, for single values a histogram would not show. */
    SvgPlot tick(double x, String fill, String title) {
        if (x >= x0 && x <= x1) {
            double cx = px(x);
            double cy = py(y0);
            body.append("<path d=\"M").append(f(cx)).append(',').append(f(cy - 8)).append("l-4,8h8z\" fill=\"")
                    .append(fill).append("\"><title>").append(Html.escape(title)).append("</title></path>");
        }
        return this;
    }

    String render(String title, String xLabel, String yLabel) {
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" font-family=\"sans-serif\">");
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        s.append("<text x=\"").append(LEFT).append("\" y=\"16\" font-size=\"12\" font-weight=\"bold\">")
                .append(Html.escape(title)).append("</text>");
        axes(s);
        s.append(body);
        s.append(legend);
        s.append("<text x=\"").append(f((LEFT + width - RIGHT) / 2.0)).append("\" y=\"").append(height - 6)
                .append("\" font-size=\"11\" text-anchor=\"middle\">").append(Html.escape(xLabel)).append("</text>");
        s.append("<text x=\"12\" y=\"").append(f((TOP + height - BOTTOM) / 2.0))
                .append("\" font-size=\"11\" text-anchor=\"middle\" transform=\"rotate(-90 12 ")
                .append(f((TOP + height - BOTTOM) / 2.0)).append(")\">").append(Html.escape(yLabel)).append("</text>");
        return s.append("</svg>").toString();
    }

    private void axes(StringBuilder s) {
        s.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"")
                .append(width - LEFT - RIGHT).append("\" height=\"").append(height - TOP - BOTTOM)
                .append("\" fill=\"none\" stroke=\"#888\"/>");
        for (double t : ticks(x0, x1, logX)) {
            s.append("<line x1=\"").append(f(px(t))).append("\" x2=\"").append(f(px(t))).append("\" y1=\"")
                    .append(f(py(y0))).append("\" y2=\"").append(f(py(y0) + 4)).append("\" stroke=\"#888\"/>");
            s.append("<text x=\"").append(f(px(t))).append("\" y=\"").append(f(py(y0) + 15))
                    .append("\" font-size=\"10\" text-anchor=\"middle\">").append(label(t, logX)).append("</text>");
        }
        for (double t : ticks(y0, y1, logY)) {
            s.append("<line x1=\"").append(LEFT - 4).append("\" x2=\"").append(LEFT).append("\" y1=\"").append(f(py(t)))
                    .append("\" y2=\"").append(f(py(t))).append("\" stroke=\"#888\"/>");
            s.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(f(py(t) + 3))
                    .append("\" font-size=\"10\" text-anchor=\"end\">").append(label(t, logY)).append("</text>");
        }
    }

    private static String label(double t, boolean log) {
        if (log) {
            return "1e" + (int) Math.round(t);
        }
        if (t == 0) {
            return "0";
        }
        double a = Math.abs(t);
        return a >= 1e4 || a < 1e-3 ? String.format(Locale.ROOT, "%.0e", t) : String.format(Locale.ROOT, "%.4g", t)
                .replaceAll("\\.?0+$", "");
    }

    /** Round tick positions: integers (decades) on log axes, 1-2-5 steps on linear ones. */
    static double[] ticks(double lo, double hi, boolean log) {
        double span = hi - lo;
        double step;
        if (log) {
            step = Math.max(1, Math.ceil(span / 6));
        } else {
            double raw = span / 5;
            double mag = Math.pow(10, Math.floor(Math.log10(raw)));
            double n = raw / mag;
            step = (n < 1.5 ? 1 : n < 3.5 ? 2 : n < 7.5 ? 5 : 10) * mag;
        }
        double first = Math.ceil(lo / step) * step;
        int count = (int) Math.floor((hi - first) / step + 1e-9) + 1;
        count = Math.max(0, Math.min(count, 20));
        double[] t = new double[count];
        for (int i = 0; i < count; i++) {
            t[i] = first + i * step;
        }
        return t;
    }
}
