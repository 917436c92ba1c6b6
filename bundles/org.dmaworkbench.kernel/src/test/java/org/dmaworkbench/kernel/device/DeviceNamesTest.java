package org.dmaworkbench.kernel.device;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.util.List;

import org.dmaworkbench.kernel.device.DeviceNames.OfNode;
import org.junit.Test;

/** dev_name() as of_device_make_bus_id() forms it, and the driver table. */
public class DeviceNamesTest {
    private static final OfNode ROOT = new OfNode("", null, null);

    @Test
    public void translatedUnitAddressAndNodeName() {
        assertEquals("e6700000.dma-controller", DeviceNames.makeBusId(List.of(
                new OfNode("dma-controller@e6700000", 0xe6700000L, null), new OfNode("soc", null, null), ROOT)));
        assertEquals("ee100000.mmc", DeviceNames.makeBusId(List.of(
                new OfNode("mmc@ee100000", 0xee100000L, null), new OfNode("soc", null, null), ROOT)));
    }

    @Test
    public void maskPropertyAddsItsLowestBit() {
        assertEquals("e6e60000.4.serial", DeviceNames.makeBusId(List.of(
                new OfNode("serial@e6e60000", 0xe6e60000L, 0x10), ROOT)));
    }

    @Test
    public void untranslatableNodesArePrefixedUntilOneTranslates() {
        assertEquals("fe000000.bus:child@1", DeviceNames.makeBusId(List.of(
                new OfNode("child@1", null, null), new OfNode("bus@fe000000", 0xfe000000L, null), ROOT)));
        assertEquals("parent:leaf", DeviceNames.makeBusId(List.of(
                new OfNode("leaf", null, null), new OfNode("parent", null, null), ROOT)));
    }

    @Test
    public void driversBindByTheFirstKnownCompatible() {
        assertEquals("rcar-dmac", DeviceNames.driverFor(List.of("renesas,dmac-r8a7795", "renesas,rcar-dmac")));
        assertEquals("sh-sci", DeviceNames.driverFor(List.of("renesas,scif-r8a7795", "renesas,rcar-gen3-scif",
                "renesas,scif")));
        assertEquals("renesas_sdhi_internal_dmac", DeviceNames.driverFor(List.of("renesas,sdhi-r8a7795",
                "renesas,rcar-gen3-sdhi")));
        assertEquals("sh_mobile_sdhi", DeviceNames.driverFor(List.of("renesas,sdhi-r8a7791",
                "renesas,rcar-gen2-sdhi")));
        assertEquals("ipmmu-vmsa", DeviceNames.driverFor(List.of("renesas,ipmmu-r8a7795")));
        assertNull(DeviceNames.driverFor(List.of("vendor,unknown")));
    }
}
