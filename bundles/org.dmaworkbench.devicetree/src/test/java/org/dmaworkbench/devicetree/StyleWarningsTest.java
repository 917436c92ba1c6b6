package org.dmaworkbench.devicetree;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import org.junit.Test;

/**
 * dtc 1.6.1's avoid_default_addr_size and interrupt_provider warnings. dtc prints them for this source as
 * <pre>
 * w2.dts:6.13-32: Warning (avoid_default_addr_size): /a/b@1: Relying on default #address-cells value
 * w2.dts:6.13-32: Warning (avoid_default_addr_size): /a/b@1: Relying on default #size-cells value
 * w2.dts:7.11-23: Warning (avoid_default_addr_size): /a/c: Relying on default #address-cells value
 * w2.dts:7.11-23: Warning (avoid_default_addr_size): /a/c: Relying on default #size-cells value
 * w2.dts:8.13-32: Warning (avoid_default_addr_size): /a/d@2: Relying on default #address-cells value
 * w2.dts:8.13-32: Warning (avoid_default_addr_size): /a/d@2: Relying on default #size-cells value
 * out.dtb: Warning (avoid_unnecessary_addr_size): Failed prerequisite 'avoid_default_addr_size'
 * out.dtb: Warning (unique_unit_address): Failed prerequisite 'avoid_default_addr_size'
 * w2.dts:10.15-14.7: Warning (interrupt_provider): /ic@10: Missing #address-cells in interrupt provider
 * w2.dts:15.8-18.7: Warning (interrupt_provider): /im: Missing #interrupt-cells in interrupt provider
 * </pre>
 * The same messages and order here, with two documented differences in position: dtc gives the span of the
 * node's first '{'…'};' in the preprocessed text it reads (so with #include the lines are those of cpp's output,
 * and a tab counts as one column), ours give the node name in the file it was written in (cpp's mapping undone,
 * tabs to multiples of 8 as gcc counts). dtc names its output file for a message without a node; ours has no
 * position. avoid_unnecessary_addr_size is not implemented (the kernel build turns it off).
 */
public class StyleWarningsTest {
    private static final String SRC = "/dts-v1/;\n"
            + "/ {\n"
            + "    #address-cells = <1>;\n"
            + "    #size-cells = <1>;\n"
            + "    a {\n"
            + "        b@1 { reg = <0 1 2>; };\n"
            + "        c { ranges; };\n"
            + "        d@2 { reg = <0 2 2>; };\n"
            + "    };\n"
            + "    ic: ic@10 {\n"
            + "        reg = <0x10 4>;\n"
            + "        interrupt-controller;\n"
            + "        #interrupt-cells = <1>;\n"
            + "    };\n"
            + "    im {\n"
            + "        interrupt-map = <>;\n"
            + "        #address-cells = <0>;\n"
            + "    };\n"
            + "    nic {\n"
            + "        #interrupt-cells = <1>;\n"
            + "    };\n"
            + "};\n";

    /** dtc 1.6.1's defaults: interrupt_provider on. */
    private static final CompileOptions DTC_DEFAULTS = CompileOptions.defaults().withWarning("interrupt_provider", true);

    private static CompileResult compile(String src, CompileOptions o) {
        return DeviceTreeCompiler.compile("main.dts", src, IncludeResolver.none(), o);
    }

    @Test
    public void defaultAddressSizeAndInterruptProviderAsDtc() {
        CompileResult r = compile(SRC, DTC_DEFAULTS);
        assertFalse(r.hasErrors());
        assertEquals("main.dts:6:9: warning: /a/b@1: Relying on default #address-cells value [avoid_default_addr_size]\n"
                + "main.dts:6:9: warning: /a/b@1: Relying on default #size-cells value [avoid_default_addr_size]\n"
                + "main.dts:7:9: warning: /a/c: Relying on default #address-cells value [avoid_default_addr_size]\n"
                + "main.dts:7:9: warning: /a/c: Relying on default #size-cells value [avoid_default_addr_size]\n"
                + "main.dts:8:9: warning: /a/d@2: Relying on default #address-cells value [avoid_default_addr_size]\n"
                + "main.dts:8:9: warning: /a/d@2: Relying on default #size-cells value [avoid_default_addr_size]\n"
                + "warning: Failed prerequisite 'avoid_default_addr_size' [unique_unit_address]\n"
                + "main.dts:10:9: warning: /ic@10: Missing #address-cells in interrupt provider [interrupt_provider]\n"
                + "main.dts:15:5: warning: /im: Missing #interrupt-cells in interrupt provider [interrupt_provider]\n",
                r.formatDiagnostics());
    }

    /** With the cells given, dtc 1.6.1 prints nothing, and unique_unit_address runs again. */
    private static final String SRC_DUPLICATE = "/dts-v1/;\n/ {\n    #address-cells = <1>;\n    #size-cells = <1>;\n"
            + "    ic@10 { reg = <0x10 4>; interrupt-controller; #interrupt-cells = <2>; #address-cells = <0>; };\n"
            + "    x@10 { reg = <0x10 4>; };\n};\n";

    @Test
    public void quietWhenCellsAreGivenAndUniqueUnitAddressRunsAgain() {
        String src = SRC_DUPLICATE;
        // dtc: w3.dts:5.11-103: Warning (unique_unit_address): /ic@10: duplicate unit-address (also used in
        // node /x@10)
        assertEquals("main.dts:5:5: warning: /ic@10: duplicate unit-address (also used in node /x@10)"
                + " [unique_unit_address]\n", compile(src, DTC_DEFAULTS).formatDiagnostics());
    }

    /**
     * Our defaults leave interrupt_provider off. dtc -Wno-avoid_default_addr_size also silences the checks that
     * need it: dtc -Wno-avoid_default_addr_size -Wno-interrupt_provider prints nothing for either source.
     */
    @Test
    public void switchingOffAlsoSilencesDependentChecks() {
        CompileOptions off = CompileOptions.defaults().withWarning("avoid_default_addr_size", false);
        assertEquals("", compile(SRC, off).formatDiagnostics());
        assertEquals("", compile(SRC_DUPLICATE, off).formatDiagnostics());
        // defaults: the six avoid_default_addr_size lines and the prerequisite line, no interrupt_provider
        assertEquals(7, compile(SRC, CompileOptions.defaults()).diagnostics().size());
    }

    @Test(expected = IllegalArgumentException.class)
    public void unknownWarningNamesAreRefused() {
        CompileOptions.defaults().withWarning("no_such_check", true);
    }
}
