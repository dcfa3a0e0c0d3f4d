package dev.spectral.internal.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Site-packages found from the environment alone, in a fake home and prefix. */
class PythonSitePackagesTest {
    @TempDir
    Path root;

    @Test
    void pythonPathVirtualEnvPathPrefixThenPyenvVersions() throws IOException {
        Path extra = Files.createDirectories(root.resolve("extra"));
        Path venv = Files.createDirectories(root.resolve("venv/lib/python3.12/site-packages"));
        Path prefixSite = Files.createDirectories(root.resolve("prefix/lib/python3.11/dist-packages"));
        Path bin = Files.createDirectories(root.resolve("prefix/bin"));
        Files.writeString(bin.resolve("python3"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(bin.resolve("python3"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path pyenv = Files.createDirectories(root.resolve("home/.pyenv/versions/3.13.1/lib/python3.13/site-packages"));
        Map<String, String> env = Map.of("PYTHONPATH", extra.toString(), "VIRTUAL_ENV", root.resolve("venv").toString(),
                "PATH", bin.toString(), "HOME", root.resolve("home").toString());
        List<Path> found = PythonSitePackages.find(env).stream().filter(p -> p.startsWith(root)).toList();
        assertEquals(List.of(extra, venv, prefixSite, pyenv), found);
    }
}
