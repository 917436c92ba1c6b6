package org.dmaworkbench.devicetree.internal.dts;

import org.dmaworkbench.devicetree.Severity;

/**
 * dtc's phandle-with-arguments checks (check_property_phandle_args for clocks, dmas, iommus, … and
 * check_interrupts_property): every specifier must have as many argument cells as its provider's #…-cells.
 */
final class PhandleArgs {
    private PhandleArgs() {
    }

    private static final String[][] PROVIDERS = {
        {"clocks", "#clock-cells", "clocks"}, {"cooling-device", "#cooling-cells", "cooling_device"},
        {"dmas", "#dma-cells", "dmas"}, {"hwlocks", "#hwlock-cells", "hwlocks"},
        {"interrupts-extended", "#interrupt-cells", "interrupts_extended"},
        {"io-channels", "#io-channel-cells", "io_channels"}, {"iommus", "#iommu-cells", "iommus"},
        {"mboxes", "#mbox-cells", "mboxes"}, {"msi-parent", "#msi-cells", "msi_parent", "optional"},
        {"mux-controls", "#mux-control-cells", "mux_controls"}, {"phys", "#phy-cells", "phys"},
        {"power-domains", "#power-domain-cells", "power_domains"}, {"pwms", "#pwm-cells", "pwms"},
        {"resets", "#reset-cells", "resets"}, {"sound-dai", "#sound-dai-cells", "sound_dai"},
        {"thermal-sensors", "#thermal-sensor-cells", "thermal_sensors"}};

    static void run(LiveNode root, Checks c) {
        for (String[] p : PROVIDERS) {
            walk(root, root, c, p);
        }
        walkInterrupts(root, c);
    }

    private static void walk(LiveNode n, LiveNode root, Checks c, String[] provider) {
        LiveProp p = n.prop(provider[0]);
        if (p != null) {
            check(n, p, c, provider);
        }
        for (int iCh = 0; iCh < n.children.size(); iCh++) {
            LiveNode ch = n.children.get(iCh);
            if (!ch.deleted) {
                walk(ch, root, c, provider);
            }
        }
    }

    private static void check(LiveNode node, LiveProp prop, Checks c, String[] provider) {
        String name = provider[2];
        if (prop.len % 4 != 0) {
            c.report(Severity.WARNING, name, node, prop, "property size (" + prop.len
                    + ") is invalid, expected multiple of 4");
            return;
        }
        int cells = prop.len / 4;
        int cellsize = 0;
        for (int cell = 0; cell < cells; cell += cellsize + 1) {
            int ph = prop.cell(cell);
            if (ph == 0 || ph == -1) {
                cellsize = 0;
                continue;
            }
            if (!prop.markers.isEmpty()) {
                boolean found = false;
                for (int iM = 0; iM < prop.markers.size(); iM++) {
                    Marker m = prop.markers.get(iM);
                    if (m.type == Marker.REF_PHANDLE && m.offset == cell * 4) {
                        found = true;
                        break;
                    }
                }
                if (!found) {
                    c.report(Severity.WARNING, name, node, prop, "cell " + cell + " is not a phandle reference");
                }
            }
            LiveNode prov = c.nodeForPhandle(ph);
            if (prov == null) {
                c.report(Severity.WARNING, name, node, prop, "Could not get phandle node for (cell " + cell + ")");
                break;
            }
            LiveProp cp = prov.prop(provider[1]);
            if (cp != null && cp.len == 4) {
                cellsize = cp.cell(0);
            } else if (provider.length > 3) {
                cellsize = 0;
            } else {
                c.report(Severity.WARNING, name, node, null, "Missing property '" + provider[1] + "' in node "
                        + prov.fullpath + " or bad phandle (referred from " + prop.name + "[" + cell + "])");
                break;
            }
            long expected = (long) (cell + cellsize + 1) * 4;
            if (cellsize < 0 || prop.len < expected) {
                c.report(Severity.WARNING, name, node, prop, "property size (" + prop.len
                        + ") too small for cell size " + Integer.toUnsignedString(cellsize));
                break;
            }
        }
    }

    private static boolean isInterruptProvider(LiveNode n) {
        return n.prop("interrupt-controller") != null || n.prop("interrupt-map") != null;
    }

    private static void walkInterrupts(LiveNode n, Checks c) {
        interrupts(n, c);
        for (int iCh = 0; iCh < n.children.size(); iCh++) {
            LiveNode ch = n.children.get(iCh);
            if (!ch.deleted) {
                walkInterrupts(ch, c);
            }
        }
    }

    private static void interrupts(LiveNode node, Checks c) {
        LiveProp irq = node.prop("interrupts");
        if (irq == null) {
            return;
        }
        String name = "interrupts_property";
        if (irq.len % 4 != 0) {
            c.report(Severity.WARNING, name, node, irq, "size (" + irq.len + ") is invalid, expected multiple of 4");
        }
        LiveNode irqNode = null;
        LiveNode parent = node;
        while (parent != null) {
            if (parent != node && isInterruptProvider(parent)) {
                irqNode = parent;
                break;
            }
            LiveProp ip = parent.prop("interrupt-parent");
            if (ip != null) {
                int ph = ip.len == 4 ? ip.cell(0) : 0;
                if (ph == 0 || ph == -1) {
                    c.report(Severity.WARNING, name, parent, ip, "Invalid phandle");
                    return;
                }
                irqNode = c.nodeForPhandle(ph);
                if (irqNode == null) {
                    c.report(Severity.WARNING, name, parent, ip, "Bad phandle");
                    return;
                }
                if (!isInterruptProvider(irqNode)) {
                    c.report(Severity.WARNING, name, irqNode, null,
                            "Missing interrupt-controller or interrupt-map property");
                }
                break;
            }
            parent = parent.parent;
        }
        if (irqNode == null) {
            c.report(Severity.WARNING, name, node, null, "Missing interrupt-parent");
            return;
        }
        LiveProp cells = irqNode.prop("#interrupt-cells");
        if (cells == null || cells.len != 4) {
            return;
        }
        int n = cells.cell(0);
        if (n == 0 ? irq.len != 0 : irq.len % (n * 4) != 0) {
            c.report(Severity.WARNING, name, node, cells, "size is (" + irq.len + "), expected multiple of "
                    + (n * 4));
        }
    }
}
