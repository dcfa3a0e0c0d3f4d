package dev.spectral.internal.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped fatbin is there and is what `make native` promises: cubins for sm_80 and sm_90 plus compute_90 PTX. */
class FatbinTest {
    @Test
    void theResourceIsAValidFatbinForAmpereAndHopper() {
        byte[] image = Fatbin.load();
        List<Fatbin.Entry> entries = Fatbin.entries(image);
        List<String> kinds = entries.stream().map(Fatbin.Entry::describe).sorted().toList();
        assertEquals(List.of("PTX compute_90", "cubin sm_80", "cubin sm_90"), kinds);
        for (Fatbin.Entry e : entries) {
            assertEquals(true, e.bytes() > 0, e.describe());
        }
    }

    @Test
    void malformedImagesAreRejected() {
        byte[] image = Fatbin.load();
        byte[] badMagic = image.clone();
        badMagic[0] ^= 1;
        assertThrows(IllegalArgumentException.class, () -> Fatbin.entries(badMagic));
        assertThrows(IllegalArgumentException.class, () -> Fatbin.entries(Arrays.copyOf(image, image.length - 1)));
        assertThrows(IllegalArgumentException.class, () -> Fatbin.entries(new byte[8]));
    }
}
