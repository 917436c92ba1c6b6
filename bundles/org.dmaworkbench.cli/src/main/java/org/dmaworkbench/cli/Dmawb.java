package org.dmaworkbench.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import org.dmaworkbench.devicetree.tools.DtcCommand;
import org.dmaworkbench.emulation.replay.tools.ReplayCommand;
import org.dmaworkbench.emulation.run.tools.RunCommand;
import org.dmaworkbench.emulation.scenario.ScenarioCommand;
import org.dmaworkbench.hw.iommu.pgtable.tools.PgtableCommand;

/**
 * {@code dmawb}: the headless emulator as plain Java (no OSGi). Exit codes: 0 clean, 1 dma-debug or IOMMU
 * faults found, 2 bad input, 3 an internal error (a bug of ours).
 */
public final class Dmawb {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FINDINGS = 1;
    public static final int EXIT_BAD_INPUT = 2;

    private Dmawb() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(Arrays.asList(args), System.out, System.err);
        } catch (RuntimeException e) {
            // a bug of ours, not bad input: say so in one line, without a stack trace in the user's face
            System.err.println("dmawb: internal error: " + e + " (please report it; run with -Ddmawb.trace=true for details)");
            if (Boolean.getBoolean("dmawb.trace")) {
                e.printStackTrace();
            }
            code = 3;
        }
        System.out.flush();
        System.exit(code);
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            usage(err);
            return EXIT_BAD_INPUT;
        }
        String cmd = args.get(0);
        List<String> rest = args.subList(1, args.size());
        switch (cmd) {
            case "--version":
            case "version":
                out.println("dmawb " + version());
                return EXIT_OK;
            case "-h":
            case "--help":
            case "help":
                usage(out);
                return EXIT_OK;
            case "run":
                return RunCommand.run(rest, out, err);
            case "replay":
                return ReplayCommand.run(rest, out, err);
            case "dtc":
                return DtcCommand.run(rest, out, err);
            case "pgtable":
                return PgtableCommand.run(rest, out, err);
            case "scenario":
                return ScenarioCommand.run(rest, out, err);
            case "compare":
                return CompareCommand.run(rest, out, err);
            default:
                err.println("dmawb: unknown command '" + cmd + "'");
                usage(err);
                return EXIT_BAD_INPUT;
        }
    }

    static void usage(PrintStream s) {
        s.println("usage: dmawb <command> [arguments]");
        s.println("  --version          print the version");
        s.println("  run [SCENARIO.dmascn] [--board NAME|FILE.dts] [-I DIR]... [--iommu on|off] [--kernel 6.12|4.9]");
        s.println("      [--trace FILE] [--dump FILE] [--dmesg FILE] [--json FILE]");
        s.println("                     run a scenario (default: the built-in one) on virtual time");
        s.println("  replay [--json FILE] [--dump DUMPFILE] [--driver DEVICE=DRIVER]... FILE...");
        s.println("                     replay a kernel ftrace capture of dma:* events through dma-debug");
        s.println("  dtc [-I DIR]... [-o OUT] [-O dtb|dts] FILE.dts");
        s.println("                     preprocess and compile a device tree like cpp | dtc");
        s.println("  scenario FILE.dmascn | --default | --print-default | --list-boards | --list-bugs");
        s.println("                     check a scenario and show what it would run");
        s.println("  compare [--iommu on|all|off] [--kernel 6.12|4.9] A [--iommu ...] [--kernel ...] B [--json FILE|-]");
        s.println("                     compare two runs (scenarios or captures): mappings only in one, changed, findings");
        s.println("  pgtable --format lpae-s1-32|lpae-s1-64|lpae-s2-64|v7s --map IOVA:PA:SIZE:PROT... [--unmap IOVA:SIZE...] [--walk IOVA...]");
        s.println("                     write io-pgtable entries into emulated RAM and print every entry and walk");
    }

    /** The version stamped into the distribution jar by the build, or "dev" when run from classes. */
    public static String version() {
        try (InputStream in = Dmawb.class.getResourceAsStream("/dmawb-version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "dev");
            }
        } catch (IOException e) {
            // fall through
        }
        return "dev";
    }
}
