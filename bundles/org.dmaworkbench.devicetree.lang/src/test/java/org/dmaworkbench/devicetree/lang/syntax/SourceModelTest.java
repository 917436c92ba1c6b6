package org.dmaworkbench.devicetree.lang.syntax;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.util.List;

import org.junit.Test;

/** The blocks of a file as written, with offsets; expected values are read off the sample text. */
public class SourceModelTest {
    private static final String SRC = "/dts-v1/;\n#include \"soc.dtsi\"\n\n/ {\n\tmodel = \"x\";\n"
            + "\tsoc {\n\t\tl1: l2: dev@10 {\n\t\t\treg = <0x10 4>;\n\t\t};\n\t\t/delete-node/ old@0;\n\t};\n};\n\n"
            + "/* a\n * comment */\n&dmac1 {\n#if FOO\n\tstatus = \"okay\";\n#else\n\tstatus = \"disabled\";\n#endif\n};\n";

    @Test
    public void blocksLabelsAndProperties() {
        SourceModel m = SourceModel.parse(SRC);
        assertEquals(2, m.roots().size());
        SourceModel.Node root = m.roots().get(0);
        assertEquals(SourceModel.NodeKind.ROOT, root.kind);
        assertEquals(List.of("model"), root.properties().stream().map(p -> p.name).toList());
        SourceModel.Node soc = root.children().get(0);
        assertEquals("soc", soc.name);
        SourceModel.Node dev = soc.children().get(0);
        assertEquals("dev@10", dev.name);
        assertEquals("dev", dev.baseName());
        assertEquals("10", dev.unitAddress());
        assertEquals(List.of("l1", "l2"), dev.labels.stream().map(SourceModel.LabelDef::name).toList());
        assertEquals(SRC.indexOf("l1:"), dev.start);
        assertEquals(SRC.indexOf("dev@10"), dev.nameOffset);
        assertEquals(SRC.indexOf("};", dev.open()), dev.close());
        assertEquals(SourceModel.NodeKind.DELETION, soc.children().get(1).kind);
        SourceModel.Node ref = m.roots().get(1);
        assertEquals(SourceModel.NodeKind.REFERENCE, ref.kind);
        assertEquals("dmac1", ref.referencedLabel());
        // both #if branches are there
        assertEquals(2, ref.properties().size());
        assertEquals(List.of(new SourceModel.Include("soc.dtsi", false, false, SRC.indexOf("\"soc.dtsi\""), 10,
                SRC.indexOf("#include"))), m.includes());
        SourceModel.Property reg = m.propertyAt(SRC.indexOf("0x10"));
        assertEquals("reg", reg.name);
        assertEquals(SRC.indexOf("<0x10"), reg.valueStart());
        assertEquals(SRC.indexOf(";", reg.valueStart()) + 1, reg.end());
        assertEquals(dev, m.nodeAt(SRC.indexOf("reg")));
        assertNull(m.nodeAt(SRC.indexOf("#include")));
        assertEquals("dmac1", m.referenceAt(SRC.indexOf("&dmac1") + 3).target());
    }

    @Test
    public void foldingCoversNodesCommentsAndIfGroups() {
        SourceModel m = SourceModel.parse(SRC);
        LineIndex l = m.lines();
        List<String> folds = m.foldingRegions().stream().map(r -> l.line(r[0]) + "-" + (l.line(r[1] - 1))).toList();
        // / { at line 4 to }; at 12, soc 6-11, dev 7-9, the comment 14-15, &dmac1 16-22, #if 17-21
        assertEquals(List.of("4-12", "6-11", "7-9", "14-15", "16-22", "17-21"), folds);
        assertEquals(1, m.conditionals().size());
        assertEquals(List.of(SRC.indexOf("#else")), m.conditionals().get(0).branches());
    }

    @Test
    public void anUnfinishedTextStillHasItsBlocks() {
        SourceModel m = SourceModel.parse("/ {\n\tsoc {\n\t\tdev@1 {\n\t\t\treg = <1");
        SourceModel.Node dev = m.roots().get(0).children().get(0).children().get(0);
        assertEquals("dev@1", dev.name);
        assertEquals(-1, dev.close());
        assertEquals("reg", dev.properties().get(0).name);
    }

    @Test
    public void displayColumnsCountTabsToMultiplesOfEight() {
        LineIndex l = new LineIndex("a\n\t\tdmac1: x\n");
        // gcc and the device-tree core: "\t\tdmac1" has its 'd' in column 17
        assertEquals(4, l.offset(2, 17));
        assertEquals(17, l.column(4));
        assertEquals(2, l.offset(2, 5)); // inside the first tab: its start
        assertEquals(2, l.line(5));
        assertEquals(2, l.lineStart(2));
    }
}
