package org.dmaworkbench.kernel.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.devicetree.CompileResult;
import org.dmaworkbench.devicetree.DeviceTree;
import org.dmaworkbench.devicetree.DeviceTreeCompiler;
import org.dmaworkbench.hw.platform.Platform;
import org.dmaworkbench.hw.platform.PlatformBuild;
import org.dmaworkbench.hw.platform.PlatformBuilder;
import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.machine.Machine;
import org.dmaworkbench.kernel.machine.MachineOptions;
import org.dmaworkbench.kernel.trace.TraceEvent;
import org.dmaworkbench.tests.common.LinuxDts;

/**
 * Boots machines for the end-to-end tests from the kernel's own board files (the shared tree at
 * {@code -Ddmaworkbench.shared=DIR} or a {@code shared/linux-dts} directory found walking up from the working
 * directory) plus the small board files in src/test/resources/e2e.
 */
final class Boards {
    /** Trace events and the booted machine of one test. */
    static final class Booted {
        final Machine machine;
        final List<TraceEvent> events;

        Booted(Machine machine, List<TraceEvent> events) {
            this.machine = machine;
            this.events = events;
        }

        /** "name: fields" of every event called {@code name}, in order. */
        List<String> lines(String name) {
            List<String> out = new ArrayList<>();
            for (TraceEvent e : events) {
                if (e.name().equals(name)) {
                    out.add(e.name() + ": " + e.fields());
                }
            }
            return out;
        }
    }

    private Boards() {
    }

    /** include-prefixes of the kernel's device trees ({@link LinuxDts}); fails with a clear message without them. */
    static Path includePrefixes() {
        return LinuxDts.includePrefixes();
    }

    static Path resource(String name) {
        try {
            return Path.of(Boards.class.getResource("/e2e/" + name).toURI());
        } catch (Exception e) {
            throw new IllegalStateException("test resource e2e/" + name + " missing", e);
        }
    }

    private static final java.util.Map<String, DeviceTree> TREES = new java.util.HashMap<>();

    /** Compiles {@code dts} (a path, or a resource name under e2e/) once and builds a fresh platform from it. */
    static Platform platform(String dts) {
        DeviceTree tree = TREES.get(dts);
        if (tree == null) {
            Path file = dts.contains("/") ? includePrefixes().resolve(dts) : resource(dts);
            CompileResult cr = DeviceTreeCompiler.compile(file, List.of(includePrefixes()));
            if (cr.hasErrors()) {
                throw new IllegalStateException(cr.formatDiagnostics());
            }
            tree = cr.tree().orElseThrow();
            TREES.put(dts, tree);
        }
        PlatformBuild b = PlatformBuilder.build(tree);
        if (b.hasErrors()) {
            throw new IllegalStateException(b.formatDiagnostics());
        }
        return b.platform().orElseThrow();
    }

    static Booted boot(String dts, KernelProfile profile, MachineOptions options) {
        List<TraceEvent> events = new ArrayList<>();
        MachineOptions o = options == null ? new MachineOptions() : options;
        o.traceSink(events::add);
        return new Booted(Machine.boot(platform(dts), profile, o), events);
    }
}
