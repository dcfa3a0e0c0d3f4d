package dev.spectral.io;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spectral.InvalidInputException;
import org.junit.jupiter.api.function.Executable;

/** Asserts the contract of bad-input errors: an InvalidInputException with a one-line message naming the problem. */
final class Failures {
    private Failures() {}

    /** Runs {@code action}, which must throw; the message must be one line containing every fragment. */
    static InvalidInputException assertInvalid(Executable action, Object... fragments) {
        InvalidInputException e = assertThrows(InvalidInputException.class, action);
        String m = e.getMessage();
        assertFalse(m.contains("\n") || m.contains("\r"), () -> "message is not one line: " + m);
        for (Object f : fragments) {
            assertTrue(m.contains(f.toString()), () -> "message lacks '" + f + "': " + m);
        }
        return e;
    }
}
