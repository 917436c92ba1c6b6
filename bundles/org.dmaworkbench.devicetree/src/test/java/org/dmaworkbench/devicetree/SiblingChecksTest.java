package org.dmaworkbench.devicetree;

import static org.junit.Assert.assertEquals;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.Test;

/**
 * The checks over a node's children and properties (duplicate names, unique unit addresses) report every pair, in
 * dtc's order, now that they group by key instead of comparing all pairs. Expected lines are dtc 1.6.1's for the same
 * sources (dtc -I dts -O dtb): the same pairs, lines and order; columns as this compiler counts them everywhere (gcc's
 * display columns, a tab to the next multiple of 8: the first 'p' of line 3 is at 13).
 */
public class SiblingChecksTest {
    private static List<String> diagnostics(String src) {
        CompileResult r = DeviceTreeCompiler.compile("u.dts", src, IncludeResolver.none());
        return r.diagnostics().stream().map(Diagnostic::format).collect(Collectors.toList());
    }

    @Test
    public void threeNodesAtOneUnitAddressGiveThreePairs() {
        // dtc: u.dts:5.7-27 /a@10 (also used in node /b@10), u.dts:5.7-27 /a@10 (… /d@10), u.dts:6.7-27 /b@10 (… /d@10)
        assertEquals(List.of(
                "u.dts:5:9: warning: /a@10: duplicate unit-address (also used in node /b@10) [unique_unit_address]",
                "u.dts:5:9: warning: /a@10: duplicate unit-address (also used in node /d@10) [unique_unit_address]",
                "u.dts:6:9: warning: /b@10: duplicate unit-address (also used in node /d@10) [unique_unit_address]"),
                diagnostics("/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n"
                        + "\ta@10 { reg = <0x10 4>; };\n\tb@10 { reg = <0x10 4>; };\n\tc@20 { reg = <0x20 4>; };\n"
                        + "\td@10 { reg = <0x10 4>; };\n};\n"));
    }

    @Test
    public void aPropertyThreeTimesGivesThreeErrors() {
        // dtc: d.dts:3.6-14 twice (the first p, against the second and the fourth), d.dts:3.15-23 (the second p)
        assertEquals(List.of("u.dts:3:13: error: /n:p: Duplicate property name [duplicate_property_names]",
                "u.dts:3:13: error: /n:p: Duplicate property name [duplicate_property_names]",
                "u.dts:3:22: error: /n:p: Duplicate property name [duplicate_property_names]"),
                diagnostics("/dts-v1/;\n/ {\n\tn { p = <1>; p = <2>; q; p; };\n};\n"));
    }
}
