package org.dmaworkbench.emulation.scenario;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.emulation.scenario.Scenario.AttachTarget;
import org.dmaworkbench.emulation.scenario.Scenario.Client;
import org.dmaworkbench.emulation.scenario.Scenario.DeviceRef;
import org.dmaworkbench.emulation.scenario.Scenario.DmaDebugOptions;
import org.dmaworkbench.emulation.scenario.Scenario.InjectedBug;
import org.dmaworkbench.emulation.scenario.Scenario.IommuSwitch;
import org.dmaworkbench.emulation.scenario.Scenario.Workload;

/**
 * Writes a {@link Scenario} back as .dmascn text in a canonical layout (for editors and launch configurations
 * that build scenarios): the top-level keys in FORMAT.md's order, one client block per client, bugs last.
 * Options at their defaults are left out. Parsing the text gives the same scenario (positions aside).
 */
public final class ScenarioWriter {
    private ScenarioWriter() {
    }

    public static String write(Scenario s) {
        StringBuilder sb = new StringBuilder();
        if (s.board().isBuiltin()) {
            sb.append("board = ").append(s.board().builtinName()).append('\n');
        } else {
            sb.append("board = ").append(quote(s.board().file())).append('\n');
            for (String d : s.board().includeDirs()) {
                sb.append("include = ").append(quote(d)).append('\n');
            }
        }
        for (IommuSwitch sw : s.iommus()) {
            DeviceRef r = sw.iommu();
            sb.append("iommu ").append(r.isLabel() ? r.label() : path(r.path())).append(" = ")
                    .append(sw.enabled() ? "on" : "off");
            if (!sw.attach().isEmpty()) {
                sb.append(" { attach = ");
                if (sw.attach().all()) {
                    sb.append("all");
                } else {
                    List<String> items = new ArrayList<>();
                    for (AttachTarget t : sw.attach().targets()) {
                        DeviceRef d = t.device();
                        String item = d.isLabel() ? "&" + d.label() : path(d.path());
                        List<Integer> u = t.utlbs();
                        if (!u.isEmpty()) {
                            item += " utlb " + (u.size() == 1 ? "" + u.get(0) : u.get(0) + ".." + u.get(u.size() - 1));
                        }
                        items.add(item);
                    }
                    sb.append(String.join(", ", items));
                }
                sb.append(" }");
            }
            sb.append('\n');
        }
        s.socRevision().ifPresent(r -> sb.append("soc.revision = ").append(r).append('\n'));
        sb.append("kernel = ").append(s.profile().version()).append('\n');
        DmaDebugOptions d = s.dmaDebug();
        sb.append("dma-debug = ").append(d.enabled() ? "on" : "off").append('\n');
        if (!d.driverFilter().isEmpty()) {
            sb.append("dma-debug.driver_filter = ").append(quote(d.driverFilter())).append('\n');
        }
        if (d.numErrors() != DmaDebugOptions.DEFAULT.numErrors()) {
            sb.append("dma-debug.num_errors = ").append(d.numErrors()).append('\n');
        }
        if (d.allErrors()) {
            sb.append("dma-debug.all_errors = on\n");
        }
        sb.append("seed = ").append(Long.toUnsignedString(s.seed())).append('\n');
        List<String> stop = new ArrayList<>();
        s.stop().timeNs().ifPresent(t -> stop.add("time " + ScenarioCommand.duration(t)));
        s.stop().transfers().ifPresent(t -> stop.add("transfers " + t));
        if (s.stop().firstError()) {
            stop.add("first-error");
        }
        if (!stop.isEmpty()) {
            sb.append("stop = ").append(String.join(" | ", stop)).append('\n');
        }
        for (Client c : s.clients()) {
            sb.append("\nclient ").append(c.name()).append(" {\n\tdevice = ");
            DeviceRef r = c.device();
            sb.append(r.isLabel() ? "&" + r.label() : path(r.path())).append('\n');
            for (Workload w : c.workloads()) {
                sb.append('\t').append(workload(w)).append('\n');
            }
            sb.append("}\n");
        }
        if (!s.bugs().isEmpty()) {
            sb.append('\n');
        }
        for (InjectedBug b : s.bugs()) {
            sb.append("bug ").append(b.client()).append(" = ").append(b.bug().bugName()).append('\n');
        }
        return sb.toString();
    }

    private static String workload(Workload w) {
        StringBuilder sb = new StringBuilder(w.kind().keyword());
        if (w.text().isPresent()) {
            sb.append(" text ").append(quote(w.text().get()));
        } else if (w.kind().isSd()) {
            sb.append(" blocks ").append(w.count());
        } else {
            sb.append(" bytes ").append(w.count());
        }
        if (w.kind().isSd() && w.segments() != 1) {
            sb.append(" segments ").append(w.segments());
        }
        if (w.repeat() != 1) {
            sb.append(" repeat ").append(w.repeat() == ScenarioParser.FOREVER ? "forever" : String.valueOf(w.repeat()));
        }
        if (w.rate() != 0) {
            sb.append(" rate ").append(w.rate());
        }
        if (w.everyNs() != 0) {
            sb.append(" every ").append(ScenarioCommand.duration(w.everyNs()));
        }
        w.to().ifPresent(t -> sb.append(" to ").append(t));
        return sb.toString();
    }

    private static String quote(String s) {
        return "\"" + ScenarioCommand.escape(s) + "\"";
    }

    /** A path bare when the lexer reads it back as one token, else quoted. */
    private static String path(String p) {
        for (char c : p.toCharArray()) {
            if (Character.isWhitespace(c) || ";{}|#=\"\\".indexOf(c) >= 0 || c < 0x20) {
                return quote(p);
            }
        }
        return p;
    }
}
