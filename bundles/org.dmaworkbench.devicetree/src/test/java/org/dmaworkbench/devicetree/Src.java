package org.dmaworkbench.devicetree;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Test helper: compiles in-memory sources; files[] are name/text pairs found by #include and /include/. */
final class Src {
    private Src() {
    }

    static CompileResult compile(String main, String... files) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < files.length; i += 2) {
            m.put(files[i], files[i + 1]);
        }
        IncludeResolver r = (name, angled, including) -> Optional.ofNullable(m.get(name))
                .map(t -> new SourceFile(name, t));
        return DeviceTreeCompiler.compile("main.dts", main, r);
    }

    static DeviceTree tree(String main, String... files) {
        CompileResult r = compile(main, files);
        assertFalse(r.formatDiagnostics(), r.hasErrors());
        assertTrue(r.tree().isPresent());
        return r.tree().get();
    }

    static DtProperty prop(DeviceTree t, String path, String name) {
        return t.node(path).orElseThrow(() -> new AssertionError("no node " + path)).property(name)
                .orElseThrow(() -> new AssertionError("no property " + name + " in " + path));
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x & 0xff));
        }
        return sb.toString();
    }

    /** The only diagnostic, formatted. */
    static String only(CompileResult r) {
        if (r.diagnostics().size() != 1) {
            throw new AssertionError("expected one diagnostic, got:\n" + r.formatDiagnostics());
        }
        return r.diagnostics().get(0).format();
    }
}
