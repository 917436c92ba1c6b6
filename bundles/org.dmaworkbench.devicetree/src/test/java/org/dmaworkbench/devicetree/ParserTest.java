package org.dmaworkbench.devicetree;

import static org.dmaworkbench.devicetree.Src.hex;
import static org.dmaworkbench.devicetree.Src.prop;
import static org.dmaworkbench.devicetree.Src.tree;
import static org.junit.Assert.assertEquals;

import java.util.List;

import org.junit.Test;

/** The dtc language: values, expressions, labels, overrides, deletion, phandles and the DTB layout. */
public class ParserTest {

    @Test
    public void mergingDeletionOverridesOmitAndPhandlesAsDtc() {
        String src = "/dts-v1/;\n"
                + "/ { a { p; }; b { }; };\n"
                + "/ { /delete-node/ a; };\n"
                + "/ { a { q; }; };\n"
                + "/ { l1: c { z = <1>; w = <2>; }; d { }; e { }; };\n"
                + "&l1 { z = <3>; n; };\n"
                + "&{/d} { m; };\n"
                + "/ { u = <&x>; x: ox { }; /omit-if-no-ref/ oy { }; };\n"
                + "/omit-if-no-ref/ &x;\n"
                + "/ { ca { phandle = <1>; }; cb { }; cc { }; user { r = <&{/cc} &{/cb}>; s = <&{/ca}>; }; };\n";
        // expected: the text dtc 1.6.1 prints for this source (dtc -O dtb | dtc -I dtb -O dts): the deleted
        // node "a" comes back in its old place with only the new property, z is replaced in place, phandles
        // are handed out in walk order skipping the explicit 1
        String expected = "/dts-v1/;\n\n/ {\n\tu = <0x02>;\n\n\ta {\n\t\tq;\n\t};\n\n\tb {\n\t};\n\n"
                + "\tc {\n\t\tz = <0x03>;\n\t\tw = <0x02>;\n\t\tn;\n\t};\n\n\td {\n\t\tm;\n\t};\n\n\te {\n\t};\n\n"
                + "\tox {\n\t\tphandle = <0x02>;\n\t};\n\n\tca {\n\t\tphandle = <0x01>;\n\t};\n\n"
                + "\tcb {\n\t\tphandle = <0x04>;\n\t};\n\n\tcc {\n\t\tphandle = <0x03>;\n\t};\n\n"
                + "\tuser {\n\t\tr = <0x03 0x04>;\n\t\ts = <0x01>;\n\t};\n};\n";
        assertEquals(expected, DtsWriter.write(tree(src)));
    }

    @Test
    public void bitsCharLiteralsAndExpressions() {
        DeviceTree t = tree("/dts-v1/;\n/ {\n"
                + " b8 = /bits/ 8 <1 0xff 'a' '\\n'>;\n"
                + " b16 = /bits/ 16 <0x1234 (-1)>;\n"
                + " b64 = /bits/ 64 <0x123456789 ((-1) / 2)>;\n"
                + " e = <(5 ? 1 : 2) (0 ? 1 : 0 ? 2 : 3) (1 << 64) (~0 >> 63) (7 % 4) (2 + 3 * 4) (1 < 2 == 1)"
                + " ((-1) > 1) (!0 && 3 || 0) (6 & 3 | 8 ^ 1) 0777 10U 0x10ULL>;\n};\n");
        assertEquals("01ff610a", hex(prop(t, "/", "b8").value()));
        assertEquals("1234ffff", hex(prop(t, "/", "b16").value()));
        assertEquals("00000001234567897fffffffffffffff", hex(prop(t, "/", "b64").value()));
        // uint64 arithmetic: -1 > 1 is true; 6&3|8^1 = 2|9 = 11; 0777 is octal 511
        assertEquals("00000001" + "00000003" + "00000000" + "00000001" + "00000003" + "0000000e" + "00000001"
                + "00000001" + "00000001" + "0000000b" + "000001ff" + "0000000a" + "00000010",
                hex(prop(t, "/", "e").value()));
    }

    @Test
    public void stringsBytesAndMixedValues() {
        DeviceTree t = tree("/dts-v1/;\n/ {\n"
                + " s = \"a\\tb\\x41\\101\\\"\";\n"
                + " bs = [0a0B 0c];\n"
                + " m = \"s\", <1>, [ff], &a, l: <2> e:;\n"
                + " sl = \"x\", \"yz\";\n"
                + " a: an { };\n};\n");
        assertEquals("61096241412200", hex(prop(t, "/", "s").value()));
        assertEquals("0a0b0c", hex(prop(t, "/", "bs").value()));
        // "s\0" <1> [ff] "/an\0" <2>
        assertEquals("7300" + "00000001" + "ff" + "2f616e00" + "00000002", hex(prop(t, "/", "m").value()));
        assertEquals(List.of("x", "yz"), prop(t, "/", "sl").strings());
    }

    @Test
    public void labelsOnNodesAndPropertiesAndReferencesInsideNodes() {
        DeviceTree t = tree("/dts-v1/;\n/ {\n l1: l2: n@1 { reg = <1>; pl: p = <1>; }; };\n"
                + "l3: &l1 { };\n&{/n@1} { q = <&l2>; };\n");
        DtNode n = t.nodeByLabel("l3").get();
        assertEquals("/n@1", n.path());
        // dtc's add_label() puts a later label in front: dtc -O dts prints "l3: l1: l2: n@1"
        assertEquals(List.of("l3", "l1", "l2"), n.labels());
        assertEquals(List.of("pl"), n.property("p").get().labels());
        assertEquals(1, n.phandle());
        assertEquals("00000001", hex(prop(t, "/n@1", "q").value()));
    }

    @Test
    public void dtbLayoutMatchesTheFdtFormat() {
        DeviceTree t = tree("/dts-v1/;\n/memreserve/ 0x1000 0x100;\n/ { p = <1>; };\n");
        byte[] dtb = Dtb.write(t);
        // header (40) + reserve map (entry + terminator, 32) + struct (32) + strings "p\0" (2) = 106
        assertEquals("d00dfeed" + "0000006a" + "00000048" + "00000068" + "00000028" + "00000011" + "00000010"
                + "00000000" + "00000002" + "00000020"
                + "0000000000001000" + "0000000000000100" + "0000000000000000" + "0000000000000000"
                + "00000001" + "00000000" + "00000003" + "00000004" + "00000000" + "00000001" + "00000002"
                + "00000009" + "7000", hex(dtb));
    }

    @Test
    public void stringTableSharesSuffixesLikeDtc() {
        DeviceTree t = tree("/dts-v1/;\n/ { #size-cells = <1>; cells = <2>; size-cells; };\n");
        byte[] dtb = Dtb.write(t);
        // strings block holds only "#size-cells\0": "cells" is at offset 6, "size-cells" at 1
        int offStrings = ((dtb[12] & 0xff) << 24) | ((dtb[13] & 0xff) << 16) | ((dtb[14] & 0xff) << 8) | (dtb[15] & 0xff);
        assertEquals(12, dtb.length - offStrings);
        assertEquals("2373697a652d63656c6c7300", hex(java.util.Arrays.copyOfRange(dtb, offStrings, dtb.length)));
    }

    @Test
    public void bootCpuIsTheFirstCpusRegAsDtcGuesses() {
        DeviceTree t = tree("/dts-v1/;\n/ { cpus { #address-cells = <1>; #size-cells = <0>;"
                + " cpu@100 { reg = <0x100>; }; cpu@0 { reg = <0>; }; }; };\n");
        assertEquals(0x100, t.bootCpuId());
    }
}
