package org.dmaworkbench.devicetree;

import static org.dmaworkbench.devicetree.Src.hex;
import static org.dmaworkbench.devicetree.Src.prop;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.Test;

/**
 * /plugin/ sources and dtc -@. Every expected text is what dtc 1.6.1 prints for the same source
 * ({@code dtc -@ -I dts -O dtb | dtc -I dtb -O dts}), or, where dtc cannot decompile its own output, the value
 * dtc -O dts shows, written out as bytes by hand.
 */
public class OverlayTest {

    private static CompileResult compile(String src, boolean symbols) {
        return DeviceTreeCompiler.compile("main.dts", src, IncludeResolver.none(),
                CompileOptions.defaults().withSymbols(symbols));
    }

    private static DeviceTree tree(String src, boolean symbols) {
        CompileResult r = compile(src, symbols);
        assertFalse(r.formatDiagnostics(), r.hasErrors());
        return r.tree().get();
    }

    private static final String OVERLAY = "/dts-v1/;\n/plugin/;\n"
            + "&foo { x = <1>; lbl: sub { y = <&foo &lbl &bar>; }; };\n"
            + "&{/soc} { z = <&lbl>; q = &lbl; };\n"
            + "&lbl { w; };\n"
            + "/ { fragment@7 { target = <&baz>; __overlay__ { a = <&lbl2>; lbl2: n2 {}; }; }; };\n";

    /** The fragments and the three trees; a label the overlay defines is merged into, not made a fragment. */
    private static final String FRAGMENTS = "/dts-v1/;\n\n/ {\n\n"
            + "\tfragment@0 {\n\t\ttarget = <0xffffffff>;\n\n\t\t__overlay__ {\n\t\t\tx = <0x01>;\n\n"
            + "\t\t\tsub {\n\t\t\t\ty = <0xffffffff 0x01 0xffffffff>;\n\t\t\t\tw;\n\t\t\t\tphandle = <0x01>;\n"
            + "\t\t\t};\n\t\t};\n\t};\n\n"
            + "\tfragment@1 {\n\t\ttarget-path = \"/soc\";\n\n\t\t__overlay__ {\n\t\t\tz = <0x01>;\n"
            + "\t\t\tq = \"/fragment@0/__overlay__/sub\";\n\t\t};\n\t};\n\n"
            + "\tfragment@7 {\n\t\ttarget = <0xffffffff>;\n\n\t\t__overlay__ {\n\t\t\ta = <0x02>;\n\n"
            + "\t\t\tn2 {\n\t\t\t\tphandle = <0x02>;\n\t\t\t};\n\t\t};\n\t};\n\n";
    private static final String SYMBOLS = "\t__symbols__ {\n\t\tlbl = \"/fragment@0/__overlay__/sub\";\n"
            + "\t\tlbl2 = \"/fragment@7/__overlay__/n2\";\n\t};\n\n";
    private static final String FIXUPS = "\t__fixups__ {\n"
            + "\t\tfoo = \"/fragment@0:target:0\\0/fragment@0/__overlay__/sub:y:0\";\n"
            + "\t\tbar = \"/fragment@0/__overlay__/sub:y:8\";\n\t\tbaz = \"/fragment@7:target:0\";\n\t};\n\n"
            + "\t__local_fixups__ {\n\n"
            + "\t\tfragment@0 {\n\n\t\t\t__overlay__ {\n\n\t\t\t\tsub {\n\t\t\t\t\ty = <0x04>;\n\t\t\t\t};\n"
            + "\t\t\t};\n\t\t};\n\n"
            + "\t\tfragment@1 {\n\n\t\t\t__overlay__ {\n\t\t\t\tz = <0x00>;\n\t\t\t};\n\t\t};\n\n"
            + "\t\tfragment@7 {\n\n\t\t\t__overlay__ {\n\t\t\t\ta = <0x00>;\n\t\t\t};\n\t\t};\n\t};\n};\n";

    @Test
    public void overlayWithSymbolsAsDtc() {
        assertEquals(FRAGMENTS + SYMBOLS + FIXUPS, DtsWriter.write(tree(OVERLAY, true)));
    }

    @Test
    public void overlayWithoutSymbolsStillHasFixups() {
        DeviceTree t = tree(OVERLAY, false);
        assertEquals(FRAGMENTS + FIXUPS, DtsWriter.write(t));
        assertEquals(List.of("fragment@0", "fragment@1", "fragment@7", "__fixups__", "__local_fixups__"),
                t.root().children().stream().map(DtNode::name).collect(Collectors.toList()));
    }

    @Test
    public void onlyUnresolvedReferencesGiveOnlyFixups() {
        assertEquals("/dts-v1/;\n\n/ {\n\n\tfragment@0 {\n\t\ttarget = <0xffffffff>;\n\n\t\t__overlay__ {\n"
                + "\t\t\tp = <0x01>;\n\t\t};\n\t};\n\n\t__fixups__ {\n\t\tt = \"/fragment@0:target:0\";\n\t};\n};\n",
                DtsWriter.write(tree("/dts-v1/;\n/plugin/;\n&t { p = <1>; };\n", true)));
    }

    /**
     * dtc 1.6.1 prints for this source: p = <0xffffffff>, < 0xffffffff 0x01>; r = <0x01>; a: n { phandle =
     * <0x01>; }; the fragment with q = <0x01>, "s", "/n"; __symbols__ { a = "/n"; }; __fixups__ { /nope =
     * "/:p:0"; lab = "/:p:4", "/fragment@0:target:0"; }; __local_fixups__ { p = <0x08>; r = <0x00>;
     * fragment@0 { __overlay__ { q = <0x00>; }; }; } (an unresolved path reference becomes a fixup named
     * "/nope", which its own DTB reader then rejects).
     */
    @Test
    public void pathReferencesLocalFixupsAtTheRootAndFixupsAppendInWalkOrder() {
        DeviceTree t = tree("/dts-v1/;\n/plugin/;\n/ { p = <&{/nope}>, <&lab &a>; a: n {}; };\n"
                + "&lab { q = <&a>, \"s\", &a; };\n/ { r = <&{/n}>; };\n", true);
        assertEquals("ffffffff" + "ffffffff" + "00000001", hex(prop(t, "/", "p").value()));
        assertEquals("00000001", hex(prop(t, "/", "r").value()));
        assertEquals("00000001" + "7300" + "2f6e00", hex(prop(t, "/fragment@0/__overlay__", "q").value()));
        assertEquals(List.of("/:p:0"), prop(t, "/__fixups__", "/nope").strings());
        assertEquals(List.of("/:p:4", "/fragment@0:target:0"), prop(t, "/__fixups__", "lab").strings());
        assertEquals("00000008", hex(prop(t, "/__local_fixups__", "p").value()));
        assertEquals("00000000", hex(prop(t, "/__local_fixups__", "r").value()));
        assertEquals("00000000", hex(prop(t, "/__local_fixups__/fragment@0/__overlay__", "q").value()));
        assertEquals(List.of("/n"), prop(t, "/__symbols__", "a").strings());
        assertEquals(List.of("p", "r"), t.node("/").get().properties().stream().map(DtProperty::name)
                .collect(Collectors.toList()));
    }

    /**
     * A board with -@: labelled nodes get phandles after the referenced ones, in walk order; __symbols__ lists
     * a node's labels in dtc's order (j: l: i gives j then l); "n" keeps its deleted label x, which is not
     * listed, yet dtc still gives n a phandle because its label list is not empty.
     */
    @Test
    public void symbolsOnABoard() {
        String src = "/dts-v1/;\n/ { x: n { }; m: k { }; user { r = <&m>; }; };\n/ { /delete-node/ n; };\n"
                + "/ { n { }; j: l: i { }; };\n";
        assertEquals("/dts-v1/;\n\n/ {\n\n\tn {\n\t\tphandle = <0x02>;\n\t};\n\n\tk {\n\t\tphandle = <0x01>;\n\t};\n\n"
                + "\tuser {\n\t\tr = <0x01>;\n\t};\n\n\ti {\n\t\tphandle = <0x03>;\n\t};\n\n"
                + "\t__symbols__ {\n\t\tm = \"/k\";\n\t\tj = \"/i\";\n\t\tl = \"/i\";\n\t};\n};\n",
                DtsWriter.write(tree(src, true)));
        // without -@ only the referenced node has a phandle
        DeviceTree plain = tree(src, false);
        assertEquals(0, plain.node("/n").get().phandle());
        assertEquals(1, plain.node("/k").get().phandle());
        assertTrue(plain.node("/__symbols__").isEmpty());
    }

    /**
     * dtc's fixup_omit_unused_nodes() keeps a labelled /omit-if-no-ref/ node under -@ (the Allwinner and Rockchip
     * pin groups). Expected: dtc 1.6.1 -@ -O dts on the same source; without -@ it keeps only "b: z".
     */
    @Test
    public void symbolsKeepLabelledOmitIfNoRefNodes() {
        String src = "/dts-v1/;\n/ {\n\t/omit-if-no-ref/ a: x { };\n\t/omit-if-no-ref/ y { };\n\tb: z { };\n};\n";
        assertEquals("/dts-v1/;\n\n/ {\n\n\tx {\n\t\tphandle = <0x01>;\n\t};\n\n\tz {\n\t\tphandle = <0x02>;\n\t};\n\n"
                + "\t__symbols__ {\n\t\ta = \"/x\";\n\t\tb = \"/z\";\n\t};\n};\n", DtsWriter.write(tree(src, true)));
        assertEquals(List.of("z"), tree(src, false).root().children().stream().map(DtNode::name)
                .collect(Collectors.toList()));
    }

    @Test
    public void labelledReferenceInAPluginMustResolve() {
        CompileResult r = compile("/dts-v1/;\n/plugin/;\n/ { };\nnl: &unres { k; };\n", true);
        assertTrue(r.hasErrors());
        assertEquals("main.dts:4:5: error: Label or path unres not found", Src.only(r));
    }
}
