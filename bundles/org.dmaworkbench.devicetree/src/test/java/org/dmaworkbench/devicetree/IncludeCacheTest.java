package org.dmaworkbench.devicetree;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Included files are read once while their size and modification time stay the same. */
public class IncludeCacheTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void unchangedFilesAreReusedAndChangedOnesReread() throws Exception {
        Path inc = tmp.newFolder("inc").toPath();
        Path h = inc.resolve("v.h");
        Files.writeString(h, "#define V 3\n");
        FileTime t0 = FileTime.fromMillis(1_600_000_000_000L);
        Files.setLastModifiedTime(h, t0);
        IncludeResolver r = IncludeResolver.directories(List.of(inc));
        SourceFile a = r.resolve("v.h", true, "main.dts").get();
        assertEquals(inc + "/v.h", a.name());
        assertSame(a, r.resolve("v.h", true, "main.dts").get());
        // another resolver over the same directory shares the cache
        assertSame(a, IncludeResolver.directories(List.of(inc)).resolve("v.h", true, "x.dts").get());

        // same size, newer time: read again
        Files.writeString(h, "#define V 4\n");
        Files.setLastModifiedTime(h, FileTime.fromMillis(1_600_000_002_000L));
        SourceFile b = r.resolve("v.h", true, "main.dts").get();
        assertNotSame(a, b);
        assertEquals("#define V 4\n", b.text());

        // same time stamp as before, other size: read again
        Files.writeString(h, "#define V 0x15\n");
        Files.setLastModifiedTime(h, FileTime.fromMillis(1_600_000_002_000L));
        assertEquals("#define V 0x15\n", r.resolve("v.h", true, "main.dts").get().text());

        // and the compiler sees each version: 3, then 0x15
        Path dts = tmp.newFile("b.dts").toPath();
        Files.writeString(dts, "#include <v.h>\n/dts-v1/;\n/ { v = <V>; };\n");
        assertEquals("00000015", Src.hex(DeviceTreeCompiler.compile(dts, List.of(inc)).tree().get().root()
                .property("v").get().value()));
        Files.writeString(h, "#define V 3\n");
        Files.setLastModifiedTime(h, FileTime.fromMillis(1_600_000_004_000L));
        assertEquals("00000003", Src.hex(DeviceTreeCompiler.compile(dts, List.of(inc)).tree().get().root()
                .property("v").get().value()));
    }

    @Test
    public void vanishedFilesAreNotServedFromTheCache() throws Exception {
        Path inc = tmp.newFolder("gone").toPath();
        Path h = inc.resolve("g.h");
        Files.writeString(h, "x\n");
        IncludeResolver r = IncludeResolver.directories(List.of(inc));
        assertEquals("x\n", r.resolve("g.h", false, null).get().text());
        Files.delete(h);
        assertEquals(false, r.resolve("g.h", false, null).isPresent());
    }
}
