package org.dmaworkbench.kernel.machine;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.dmaworkbench.devicetree.IncludeResolver;
import org.dmaworkbench.devicetree.Severity;
import org.dmaworkbench.hw.platform.Platform;
import org.dmaworkbench.hw.platform.PlatformBuild;
import org.dmaworkbench.hw.platform.PlatformBuilder;
import org.dmaworkbench.tests.common.LinuxDts;

/** Platforms of the kernel's own board files, from the kernel's device trees ({@link LinuxDts}). */
public final class Boards {
    /**
     * Koelsch (r8a7791) with IPMMU-DS enabled in front of SYS-DMAC 0, one micro-TLB per channel, as the series'
     * users configure it.
     */
    public static final String KOELSCH_IPMMU_DMAC0 = "#include \"arm/renesas/r8a7791-koelsch.dts\"\n"
            + "&ipmmu_ds { status = \"okay\"; };\n"
            + "&dmac0 { iommus = <&ipmmu_ds 0>, <&ipmmu_ds 1>, <&ipmmu_ds 2>, <&ipmmu_ds 3>, <&ipmmu_ds 4>,\n"
            + " <&ipmmu_ds 5>, <&ipmmu_ds 6>, <&ipmmu_ds 7>, <&ipmmu_ds 8>, <&ipmmu_ds 9>, <&ipmmu_ds 10>,\n"
            + " <&ipmmu_ds 11>, <&ipmmu_ds 12>, <&ipmmu_ds 13>, <&ipmmu_ds 14>; };\n";

    private Boards() {
    }

    /** include-prefixes of the kernel's device trees ({@link LinuxDts}: fails, never skips, without them). */
    public static Path includePrefixes() {
        return LinuxDts.includePrefixes();
    }

    /** Builds a platform from DTS text; fails on errors. */
    public static Platform platform(String name, String dts) {
        Path inc = includePrefixes();
        PlatformBuild b = PlatformBuilder.build(name, dts, IncludeResolver.directories(List.of(inc)));
        String errors = b.diagnostics().stream().filter(d -> d.severity() == Severity.ERROR)
                .map(d -> d.format()).collect(Collectors.joining("\n"));
        if (!errors.isEmpty() || b.platform().isEmpty()) {
            throw new AssertionError("platform " + name + " does not build:\n" + errors);
        }
        return b.platform().get();
    }

    public static Platform koelschIpmmuDmac0() {
        return platform("koelsch-ipmmu-dmac0.dts", KOELSCH_IPMMU_DMAC0);
    }

    public static Platform salvatorX() {
        return platform("salvator-x.dts", "#include \"arm64/renesas/r8a77951-salvator-x.dts\"\n");
    }
}
