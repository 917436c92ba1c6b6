package org.dmaworkbench.devicetree;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.stream.Collectors;

import org.junit.Test;

/**
 * {@link CompileOptions#kernelBuild()}: the warnings the kernel's make dtbs turns off (scripts/Makefile.dtbs of
 * Linux 6.12, lines 92-101). Expected messages are dtc 1.6.1's for this input (run with default flags).
 */
public class KernelBuildWarningsTest {
    // two nodes at one unit address (unique_unit_address) and a unit name without reg (unit_address_vs_reg)
    private static final String DTS = "/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n"
            + "\ta@1000 { reg = <0x1000 4>; };\n\tb@1000 { reg = <0x1000 4>; };\n\tc@2000 { };\n};\n";

    private static String warnings(CompileOptions o) {
        CompileResult r = DeviceTreeCompiler.compile("w.dts", DTS, IncludeResolver.directories(java.util.List.of()), o);
        assertFalse(r.hasErrors());
        return r.diagnostics().stream().map(Diagnostic::format).collect(Collectors.joining("\n"));
    }

    @Test
    public void dtcWarnsAndTheKernelBuildDoesNot() {
        String dtc = warnings(CompileOptions.defaults());
        // dtc 1.6.1: "w.dts:7.9-13: Warning (unit_address_vs_reg): /c@2000: node has a unit name, but no reg or
        // ranges property" and "w.dts:5.9-31: Warning (unique_unit_address): /a@1000: duplicate unit-address (also
        // used in node /b@1000)"
        assertTrue(dtc, dtc.contains("w.dts:7:9: warning: /c@2000: node has a unit name, but no reg or ranges "
                + "property [unit_address_vs_reg]"));
        assertTrue(dtc, dtc.contains("w.dts:5:9: warning: /a@1000: duplicate unit-address (also used in node /b@1000)"
                + " [unique_unit_address]"));
        assertEquals("", warnings(CompileOptions.kernelBuild()));
        assertFalse(CompileOptions.kernelBuild().warning("simple_bus_reg"));
        assertTrue(CompileOptions.kernelBuild().warning("reg_format"));
    }
}
