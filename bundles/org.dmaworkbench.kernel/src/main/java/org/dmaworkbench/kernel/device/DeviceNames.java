package org.dmaworkbench.kernel.device;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the kernel names a platform device created from the device tree ({@code of_device_make_bus_id()} of
 * drivers/of/device.c, Linux 6.12) and which driver binds to it (the {@code of_match_table}s and
 * {@code .driver.name}s of the drivers the workbench knows).
 */
public final class DeviceNames {

    /**
     * A node on the path from the device to the root, as {@code of_device_make_bus_id()} looks at it.
     *
     * @param fullName          the node's name with unit address, e.g. {@code dma-controller@e6700000}
     * @param translatedAddress the first {@code reg} address translated to a CPU physical address, null when
     *                          the node has no {@code reg} or it does not translate ({@code OF_BAD_ADDR})
     * @param mask              the node's {@code mask} property, null when absent
     */
    public record OfNode(String fullName, Long translatedAddress, Integer mask) {
        /** {@code %pOFn}: the name without the unit address. */
        public String nodeName() {
            int at = fullName.indexOf('@');
            return at < 0 ? fullName : fullName.substring(0, at);
        }
    }

    private DeviceNames() {
    }

    /**
     * {@code of_device_make_bus_id()}: walks from the device's node up (the root excluded); the first node whose
     * address translates gives {@code "<addr in hex>.<node name>"} prefixed to what was built so far, nodes
     * without one contribute their full name.
     *
     * @param leafToRoot the device's node first, the root last
     */
    public static String makeBusId(List<OfNode> leafToRoot) {
        String name = null;
        for (int i = 0; i + 1 < leafToRoot.size(); i++) {
            OfNode n = leafToRoot.get(i);
            if (n.translatedAddress() != null) {
                String head = Long.toHexString(n.translatedAddress());
                if (n.mask() != null) {
                    head += "." + Integer.toHexString(Integer.numberOfTrailingZeros(n.mask()) == 32 ? -1
                            : Integer.numberOfTrailingZeros(n.mask()));
                }
                head += "." + n.nodeName();
                return name == null ? head : head + ":" + name;
            }
            name = name == null ? n.fullName() : n.fullName() + ":" + name;
        }
        return name;
    }

    private static final Map<String, String> DRIVERS = new LinkedHashMap<>();

    private static void driver(String name, String... compatibles) {
        for (String c : compatibles) {
            DRIVERS.put(c, name);
        }
    }

    static {
        driver("rcar-dmac", "renesas,rcar-dmac", "renesas,rcar-gen4-dmac", "renesas,dmac-r8a779a0");
        driver("usb-dmac", "renesas,usb-dmac");
        driver("sh-sci", "renesas,scif-r7s72100", "renesas,scif-r7s9210", "renesas,scif-r9a07g044",
                "renesas,scif-r9a09g057", "renesas,rcar-gen1-scif", "renesas,rcar-gen2-scif", "renesas,rcar-gen3-scif",
                "renesas,rcar-gen4-scif", "renesas,scif", "renesas,scifa", "renesas,scifb", "renesas,hscif",
                "renesas,sci");
        driver("renesas_sdhi_internal_dmac", "renesas,sdhi-r7s9210", "renesas,sdhi-mmc-r8a77470",
                "renesas,sdhi-r8a774b1", "renesas,sdhi-r8a774c0", "renesas,sdhi-r8a774e1", "renesas,sdhi-r8a7795",
                "renesas,sdhi-r8a77961", "renesas,sdhi-r8a77965", "renesas,sdhi-r8a77970", "renesas,sdhi-r8a77990",
                "renesas,sdhi-r8a77995", "renesas,rzg2l-sdhi", "renesas,rcar-gen3-sdhi", "renesas,rcar-gen4-sdhi");
        driver("sh_mobile_sdhi", "renesas,sdhi-sh73a0", "renesas,sdhi-r8a73a4", "renesas,sdhi-r8a7740",
                "renesas,sdhi-r7s72100", "renesas,sdhi-r8a7778", "renesas,sdhi-r8a7779", "renesas,sdhi-r8a7743",
                "renesas,sdhi-r8a7745", "renesas,sdhi-r8a7790", "renesas,sdhi-r8a7791", "renesas,sdhi-r8a7792",
                "renesas,sdhi-r8a7793", "renesas,sdhi-r8a7794", "renesas,rcar-gen1-sdhi", "renesas,rcar-gen2-sdhi",
                "renesas,sdhi-shmobile");
        driver("ipmmu-vmsa", "renesas,ipmmu-vmsa", "renesas,ipmmu-r8a774a1", "renesas,ipmmu-r8a774b1",
                "renesas,ipmmu-r8a774c0", "renesas,ipmmu-r8a774e1", "renesas,ipmmu-r8a7795", "renesas,ipmmu-r8a7796",
                "renesas,ipmmu-r8a77961", "renesas,ipmmu-r8a77965", "renesas,ipmmu-r8a77970", "renesas,ipmmu-r8a77980",
                "renesas,ipmmu-r8a77990", "renesas,ipmmu-r8a77995", "renesas,ipmmu-r8a779a0",
                "renesas,rcar-gen4-ipmmu-vmsa");
        driver("ravb", "renesas,etheravb-r8a7790", "renesas,etheravb-r8a7794", "renesas,etheravb-rcar-gen2",
                "renesas,etheravb-r8a7795", "renesas,etheravb-rcar-gen3", "renesas,etheravb-rcar-gen4");
        driver("sh-eth", "renesas,ether-r8a7743", "renesas,ether-r8a7745", "renesas,ether-r8a7778",
                "renesas,ether-r8a7779", "renesas,ether-r8a7790", "renesas,ether-r8a7791", "renesas,ether-r8a7793",
                "renesas,ether-r8a7794", "renesas,rcar-gen1-ether", "renesas,rcar-gen2-ether");
        driver("i2c-rcar", "renesas,i2c-r8a7778", "renesas,i2c-r8a7779", "renesas,i2c-r8a7790",
                "renesas,i2c-r8a7791", "renesas,i2c-r8a7792", "renesas,i2c-r8a7793", "renesas,i2c-r8a7794",
                "renesas,i2c-r8a7795", "renesas,i2c-r8a7796", "renesas,rcar-gen1-i2c", "renesas,rcar-gen2-i2c",
                "renesas,rcar-gen3-i2c", "renesas,rcar-gen4-i2c");
        driver("spi_sh_msiof", "renesas,sh-mobile-msiof", "renesas,msiof-r8a7790", "renesas,msiof-r8a7791",
                "renesas,rcar-gen2-msiof", "renesas,msiof-r8a7795", "renesas,msiof-r8a7796",
                "renesas,rcar-gen3-msiof", "renesas,rcar-gen4-msiof", "renesas,sh-msiof");
    }

    /**
     * The driver that binds to a node with these {@code compatible} strings: the first string (most specific
     * first) some known driver lists. @return the driver's name, or null when no known driver matches
     */
    public static String driverFor(List<String> compatible) {
        for (String c : compatible) {
            String d = DRIVERS.get(c);
            if (d != null) {
                return d;
            }
        }
        return null;
    }
}
