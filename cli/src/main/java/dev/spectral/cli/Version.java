package dev.spectral.cli;

import picocli.CommandLine;

/** Version string from the jar manifest (falls back to "dev" when run from classes). */
final class Version implements CommandLine.IVersionProvider {
    static String get() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"spectral " + get(), "Java " + Runtime.version()};
    }
}
