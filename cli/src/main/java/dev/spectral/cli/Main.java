package dev.spectral.cli;

/** Entry point of the {@code spectral} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(SpectralCommand.execute(args));
    }
}
