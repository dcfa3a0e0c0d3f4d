package dev.spectral.rmt;

/** Gauss-Legendre nodes and weights on an interval, by Newton's method on the Legendre polynomial. */
record GaussLegendre(double[] nodes, double[] weights) {
    static GaussLegendre on(int m, double a, double b) {
        double[] x = new double[m];
        double[] w = new double[m];
        for (int i = 0; i < (m + 1) / 2; i++) {
            double z = Math.cos(Math.PI * (i + 0.75) / (m + 0.5));
            double dp = 0;
            for (int iter = 0; iter < 100; iter++) {
                double p0 = 1;
                double p1 = z;
                for (int k = 2; k <= m; k++) {
                    double p2 = ((2.0 * k - 1) * z * p1 - (k - 1.0) * p0) / k;
                    p0 = p1;
                    p1 = p2;
                }
                // P_m'(z) from P_m and P_{m-1}.
                dp = m * (z * p1 - p0) / (z * z - 1);
                double dz = p1 / dp;
                z -= dz;
                if (Math.abs(dz) < 1e-16) {
                    break;
                }
            }
            double half = 0.5 * (b - a);
            double mid = 0.5 * (b + a);
            x[i] = mid - half * z;
            x[m - 1 - i] = mid + half * z;
            double wi = 2 / ((1 - z * z) * dp * dp) * half;
            w[i] = wi;
            w[m - 1 - i] = wi;
        }
        return new GaussLegendre(x, w);
    }
}
