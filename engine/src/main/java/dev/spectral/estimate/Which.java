package dev.spectral.estimate;

/** Which end of the spectrum. */
public enum Which {
    LARGEST,
    SMALLEST
}
