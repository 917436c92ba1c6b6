package org.dmaworkbench.devicetree.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.devicetree.CompileOptions;
import org.dmaworkbench.devicetree.CompileResult;
import org.dmaworkbench.devicetree.DeviceTree;
import org.dmaworkbench.devicetree.DeviceTreeCompiler;
import org.dmaworkbench.devicetree.Diagnostic;
import org.dmaworkbench.devicetree.Dtb;
import org.dmaworkbench.devicetree.DtbFormatException;
import org.dmaworkbench.devicetree.DtsWriter;

/**
 * {@code dmawb dtc [-I DIR]… [-D NAME[=VALUE]]… [-@] [-o OUT] [-O dtb|dts] FILE}: compiles a device-tree source
 * like {@code cpp -nostdinc -I DIR… -undef -D__DTS__ -D NAME… -x assembler-with-cpp FILE | dtc [-@] -O dtb}. A FILE that is
 * already a DTB is read and can be printed with -O dts. Exit status 0 on success, 2 on errors or bad
 * arguments.
 */
public final class DtcCommand {
    private DtcCommand() {
    }

    public static final String USAGE = "usage: dtc [-I DIR]... [-D NAME[=VALUE]]... [-@] [--limit NAME=N]... [-o OUT] "
            + "[-O dtb|dts] FILE\n"
            + "  -I DIR   add DIR to the #include search path (like cpp -I)\n"
            + "  -D NAME[=VALUE]  define a preprocessor macro (like cpp -D; VALUE defaults to 1)\n"
            + "  -@       add the __symbols__ node (like dtc -@, as the kernel builds overlays)\n"
            + "  -W CHECK, -W no-CHECK  turn a warning on or off (interrupt_provider is off, dtc 1.6.1 has it on;\n"
            + "           the kernel's make dtbs turns off unique_unit_address, unit_address_vs_reg,\n"
            + "           avoid_unnecessary_addr_size, alias_paths, graph_child_address, simple_bus_reg)\n"
            + "  --limit NAME=N  a resource limit of the compilation: file-bytes (16 MiB), include-depth (200),\n"
            + "           macro-nesting (256), expanded-tokens (8000000), output-chars (64 Mi), nodes (500000),\n"
            + "           properties (2000000)\n"
            + "  -o OUT   write the output to OUT instead of standard output\n"
            + "  -O FMT   output format: dtb (default) or dts\n"
            + "  FILE     device-tree source (.dts), preprocessed as the kernel build does, or a .dtb\n";

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        List<Path> includes = new ArrayList<>();
        CompileOptions options = CompileOptions.defaults();
        String output = null;
        String format = "dtb";
        String input = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String value = null;
            if (a.equals("-I") || a.equals("-o") || a.equals("-O") || a.equals("-D") || a.equals("-W")
                    || a.equals("--limit")) {
                if (i + 1 >= args.size()) {
                    err.println("dtc: option " + a + " needs an argument");
                    err.print(USAGE);
                    return 2;
                }
                value = args.get(++i);
            } else if (a.length() > 2 && (a.startsWith("-I") || a.startsWith("-o") || a.startsWith("-O")
                    || a.startsWith("-D") || a.startsWith("-W"))) {
                value = a.substring(2);
                a = a.substring(0, 2);
            }
            switch (a) {
                case "-I":
                    includes.add(Path.of(value));
                    break;
                case "-o":
                    output = value;
                    break;
                case "-D":
                    options = options.withDefine(value);
                    break;
                case "-W": {
                    boolean on = !value.startsWith("no-");
                    String check = on ? value : value.substring(3);
                    try {
                        options = options.withWarning(check, on);
                    } catch (IllegalArgumentException e) {
                        err.println("dtc: " + e.getMessage());
                        err.print(USAGE);
                        return 2;
                    }
                    break;
                }
                case "--limit": {
                    int eq = value.indexOf('=');
                    try {
                        if (eq < 0) {
                            throw new IllegalArgumentException("--limit needs NAME=N, not '" + value + "'");
                        }
                        long n;
                        try {
                            n = Long.parseLong(value.substring(eq + 1));
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("--limit " + value + ": not a number");
                        }
                        options = options.withLimits(options.limits().with(value.substring(0, eq), n));
                    } catch (IllegalArgumentException e) {
                        err.println("dtc: " + e.getMessage());
                        err.print(USAGE);
                        return 2;
                    }
                    break;
                }
                case "-@":
                case "--symbols":
                    options = options.withSymbols(true);
                    break;
                case "-O":
                    if (!value.equals("dtb") && !value.equals("dts")) {
                        err.println("dtc: unknown output format '" + value + "' (use dtb or dts)");
                        err.print(USAGE);
                        return 2;
                    }
                    format = value;
                    break;
                case "-h":
                case "--help":
                    out.print(USAGE);
                    return 0;
                default:
                    if (a.startsWith("-") && a.length() > 1) {
                        err.println("dtc: unknown option " + a);
                        err.print(USAGE);
                        return 2;
                    }
                    if (input != null) {
                        err.println("dtc: only one input file may be given (have " + input + " and " + a + ")");
                        err.print(USAGE);
                        return 2;
                    }
                    input = a;
            }
        }
        if (input == null) {
            err.println("dtc: no input file");
            err.print(USAGE);
            return 2;
        }
        Path in = Path.of(input);
        DeviceTree tree;
        try {
            if (!Files.isRegularFile(in)) {
                err.println(input + ": No such file or directory");
                return 2;
            }
            if (Files.size(in) > options.limits().maxFileBytes()) {
                err.println(input + ": file is too large (" + Files.size(in) + " bytes, limit file-bytes "
                        + options.limits().maxFileBytes() + ")");
                return 2;
            }
            byte[] head = Files.readAllBytes(in);
            if (head.length >= 4 && (head[0] & 0xff) == 0xd0 && (head[1] & 0xff) == 0x0d && (head[2] & 0xff) == 0xfe
                    && (head[3] & 0xff) == 0xed) {
                try {
                    tree = Dtb.read(head);
                } catch (DtbFormatException e) {
                    err.println(input + ": error: " + e.getMessage());
                    return 2;
                }
            } else {
                CompileResult r = DeviceTreeCompiler.compile(in, includes, options);
                for (Diagnostic d : r.diagnostics()) {
                    err.println(d.format());
                }
                if (r.hasErrors() || r.tree().isEmpty()) {
                    return 2;
                }
                tree = r.tree().get();
            }
        } catch (IOException e) {
            err.println(input + ": " + e.getMessage());
            return 2;
        }
        byte[] bytes = format.equals("dtb") ? Dtb.write(tree) : DtsWriter.write(tree).getBytes(StandardCharsets.UTF_8);
        try {
            if (output == null || output.equals("-")) {
                out.write(bytes);
                out.flush();
            } else {
                Files.write(Path.of(output), bytes);
            }
        } catch (IOException e) {
            err.println("dtc: cannot write " + output + ": " + e.getMessage());
            return 2;
        }
        return 0;
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }
}
