package org.dmaworkbench.emulation.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.dmaworkbench.devicetree.Diagnostic;
import org.dmaworkbench.devicetree.Severity;
import org.dmaworkbench.devicetree.SourcePosition;
import org.dmaworkbench.emulation.boards.BuiltinBoards;
import org.dmaworkbench.emulation.scenario.Scenario.BoardRef;
import org.dmaworkbench.emulation.scenario.Scenario.Client;
import org.dmaworkbench.emulation.scenario.Scenario.DeviceRef;
import org.dmaworkbench.emulation.scenario.Scenario.DmaDebugOptions;
import org.dmaworkbench.emulation.scenario.Scenario.AttachTarget;
import org.dmaworkbench.emulation.scenario.Scenario.InjectedBug;
import org.dmaworkbench.emulation.scenario.Scenario.IommuAttach;
import org.dmaworkbench.emulation.scenario.Scenario.IommuSwitch;
import org.dmaworkbench.emulation.scenario.Scenario.StopCondition;
import org.dmaworkbench.emulation.scenario.Scenario.Workload;
import org.dmaworkbench.emulation.scenario.Scenario.WorkloadKind;
import org.dmaworkbench.emulation.scenario.ScenarioLexer.Token;
import org.dmaworkbench.emulation.scenario.ScenarioLexer.Type;
import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.drivers.DriverBug;

/**
 * Parses .dmascn text (grammar in FORMAT.md) into a {@link Scenario}. Never throws on bad input: every
 * problem is a {@link Diagnostic} at FILE:LINE:COL, and parsing goes on at the next statement so one run
 * reports all of them. Checks that need the board (device references) are {@link ScenarioValidator}'s.
 */
public final class ScenarioParser {
    /** Largest file accepted. */
    public static final int MAX_FILE_CHARS = 1 << 20;
    /** Largest byte count of one workload run (1 GiB). */
    public static final long MAX_BYTES = 1L << 30;
    /** Largest block count of one SD workload run. */
    public static final long MAX_BLOCKS = 1L << 21;
    /** "repeat forever". */
    public static final long FOREVER = Long.MAX_VALUE;
    /** Line rate of a serial port when the workload gives none. */
    public static final long DEFAULT_BAUD = 115200;
    /** I2C bus clock of an IIC when the workload gives none (standard mode). */
    public static final long DEFAULT_I2C_HZ = 100_000;
    /** driver_filter holds at most NAME_MAX_LEN - 1 characters in kernel/dma/debug.c. */
    public static final int DRIVER_FILTER_MAX = 63;

    private static final class Fail extends Exception {
        private static final long serialVersionUID = 1L;

        Fail() {
            super(null, null, false, false);
        }
    }

    /** A client block being built. */
    private static final class ClientBuilder {
        final String name;
        final SourcePosition pos;
        DeviceRef device;
        final List<Workload> workloads = new ArrayList<>();
        /** an error inside the block: its completeness is not checked (the cause is reported already) */
        boolean broken;

        ClientBuilder(String name, SourcePosition pos) {
            this.name = name;
            this.pos = pos;
        }
    }

    private final String file;
    private final List<Diagnostic> diags = new ArrayList<>();
    private List<Token> toks;
    private int p;

    private final Map<String, SourcePosition> seen = new HashMap<>();
    private String boardName;
    private String boardFile;
    private SourcePosition boardPos;
    private final List<String> includes = new ArrayList<>();
    private SourcePosition firstInclude;
    private final Map<String, IommuSwitch> iommus = new LinkedHashMap<>();
    private String socRevision;
    private KernelProfile profile = KernelProfile.V6_12;
    private boolean debugOn = DmaDebugOptions.DEFAULT.enabled();
    private String driverFilter = DmaDebugOptions.DEFAULT.driverFilter();
    private long numErrors = DmaDebugOptions.DEFAULT.numErrors();
    private boolean allErrors = DmaDebugOptions.DEFAULT.allErrors();
    private long seed = Scenario.DEFAULT_SEED;
    private StopCondition stop = StopCondition.WORKLOADS_DONE;
    private final List<ClientBuilder> clients = new ArrayList<>();
    private final List<InjectedBug> bugs = new ArrayList<>();
    private final List<Token> bugClients = new ArrayList<>();
    private ClientBuilder open;

    private ScenarioParser(String file) {
        this.file = file;
    }

    /** Parses a scenario file; diagnostics name it as given. */
    public static ScenarioResult parse(Path path) {
        String name = path.toString();
        if (Files.isDirectory(path)) {
            return failure(name + ": Is a directory");
        }
        try {
            long size = Files.size(path);
            if (size > MAX_FILE_CHARS) {
                return failure(name + ": file is too large (" + size + " bytes, limit " + MAX_FILE_CHARS + ")");
            }
            return parse(name, Files.readString(path, StandardCharsets.UTF_8));
        } catch (java.nio.charset.MalformedInputException e) {
            return failure(name + ": not a UTF-8 text file");
        } catch (IOException e) {
            return failure(name + ": No such file or directory");
        }
    }

    private static ScenarioResult failure(String msg) {
        return new ScenarioResult(Optional.empty(), List.of(new Diagnostic(Severity.ERROR, null, msg)));
    }

    /** Parses in-memory text (an editor buffer, the built-in default). */
    public static ScenarioResult parse(String fileName, String text) {
        if (text.length() > MAX_FILE_CHARS) {
            return failure(fileName + ": file is too large (" + text.length() + " characters, limit "
                    + MAX_FILE_CHARS + ")");
        }
        ScenarioParser sp = new ScenarioParser(fileName);
        return sp.run(text);
    }

    private ScenarioResult run(String text) {
        ScenarioLexer lx = new ScenarioLexer(file, text, diags);
        toks = lx.run();
        badLines = lx.badLines;
        while (!peek().is(Type.EOF)) {
            Token t = peek();
            if (t.is(Type.NEWLINE) || t.is(Type.SEMI)) {
                p++;
                continue;
            }
            if (t.is(Type.RBRACE)) {
                p++;
                if (open == null) {
                    error(t.pos(), "'}' without an open client");
                } else {
                    open = null;
                }
                continue;
            }
            try {
                if (open != null) {
                    clientStatement();
                } else {
                    statement();
                }
                Token end = peek();
                if (!end.is(Type.NEWLINE) && !end.is(Type.SEMI) && !end.is(Type.EOF) && !end.is(Type.RBRACE)) {
                    error(end.pos(), "unexpected " + quoted(end) + " at the end of the statement");
                    throw new Fail();
                }
            } catch (Fail f) {
                if (open != null) {
                    open.broken = true;
                }
                // skip to the next statement
                while (!peek().is(Type.EOF) && !peek().is(Type.NEWLINE) && !peek().is(Type.SEMI)
                        && !peek().is(Type.RBRACE)) {
                    p++;
                }
            }
        }
        if (open != null) {
            error(open.pos, "client '" + open.name + "' is not closed: missing '}'");
        }
        return finish();
    }

    private ScenarioResult finish() {
        SourcePosition start = new SourcePosition(file, 1, 1);
        if (boardName == null && boardFile == null && !seen.containsKey("board")) {
            error(start, "no board: add board = NAME (" + String.join(", ", BuiltinBoards.NAMES)
                    + ") or board = \"FILE.dts\"");
        }
        if (boardName != null && firstInclude != null) {
            error(firstInclude, "include applies only to a board file, not to the built-in board '" + boardName + "'");
        }
        List<Client> cl = new ArrayList<>();
        boolean forever = false;
        for (ClientBuilder c : clients) {
            if (c.broken) {
                continue;
            }
            if (c.device == null) {
                error(c.pos, "client '" + c.name + "' has no device (device = &LABEL)");
            }
            if (c.workloads.isEmpty()) {
                error(c.pos, "client '" + c.name + "' has no workload");
            }
            for (Workload w : c.workloads) {
                forever |= w.repeat() == FOREVER;
            }
            cl.add(new Client(c.name, c.device, c.workloads, c.pos));
        }
        if (forever && stop.isWorkloadsDone()) {
            error(start, "the run never ends: a workload repeats forever and there is no stop condition "
                    + "(stop = time DURATION | transfers N | first-error)");
        }
        for (int k = 0; k < bugs.size(); k++) {
            InjectedBug b = bugs.get(k);
            Token ct = bugClients.get(k);
            Optional<ClientBuilder> c = clients.stream().filter(x -> x.name.equals(b.client())).findFirst();
            if (c.isEmpty()) {
                error(ct.pos(), "bug for unknown client '" + b.client() + "'");
            } else if (!c.get().broken && !c.get().workloads.isEmpty()) {
                // before the board is known: the device kinds the client's first workload can run on
                WorkloadKind w = c.get().workloads.get(0).kind();
                List<DeviceKind> committers = DriverBugs.committers(b.bug());
                if (w.deviceKinds().stream().noneMatch(committers::contains)) {
                    error(b.position(), "bug '" + b.bug().bugName() + "' is committed only by "
                            + DriverBugs.committersDescription(b.bug()) + "; client '" + b.client()
                            + "' cannot be one (it runs '" + w.keyword() + "')");
                }
            }
        }
        boolean errors = diags.stream().anyMatch(d -> d.severity() == Severity.ERROR);
        if (errors) {
            return new ScenarioResult(Optional.empty(), diags);
        }
        BoardRef board = new BoardRef(boardName, boardFile, includes, boardPos);
        Scenario s = new Scenario(file, board, new ArrayList<>(iommus.values()), profile,
                new DmaDebugOptions(debugOn, driverFilter, numErrors, allErrors), seed, stop, cl, bugs, socRevision);
        return new ScenarioResult(Optional.of(s), diags);
    }

    // ---- token helpers ----

    private Token peek() {
        return toks.get(p);
    }

    private Token next() {
        Token t = toks.get(p);
        if (!t.is(Type.EOF)) {
            p++;
        }
        return t;
    }

    private java.util.Set<Integer> badLines = java.util.Set.of();

    private void error(SourcePosition pos, String msg) {
        if (badLines.contains(pos.line()) && file.equals(pos.file())) {
            return; // the lexical error on this line is the one to fix
        }
        diags.add(new Diagnostic(Severity.ERROR, pos, msg));
    }

    private void warning(SourcePosition pos, String msg) {
        if (badLines.contains(pos.line()) && file.equals(pos.file())) {
            return;
        }
        diags.add(new Diagnostic(Severity.WARNING, pos, msg));
    }

    private Fail fail(Token at, String msg) {
        error(at.pos(), msg);
        return new Fail();
    }

    private static String quoted(Token t) {
        return t.is(Type.NEWLINE) || t.is(Type.EOF) ? t.shown() : "'" + t.shown() + "'";
    }

    private static boolean atEnd(Token t) {
        return t.is(Type.NEWLINE) || t.is(Type.SEMI) || t.is(Type.EOF) || t.is(Type.RBRACE);
    }

    private void expectEquals(Token key) throws Fail {
        Token t = next();
        if (!t.is(Type.EQUALS)) {
            throw fail(t, "expected '=' after '" + key.text() + "', got " + quoted(t));
        }
    }

    private Token value(String what) throws Fail {
        Token t = next();
        if (atEnd(t) || t.is(Type.EQUALS) || t.is(Type.LBRACE) || t.is(Type.BAR)) {
            throw fail(t, "expected " + what + ", got " + quoted(t));
        }
        return t;
    }

    private void once(Token key, String id) throws Fail {
        SourcePosition first = seen.putIfAbsent(id, key.pos());
        if (first != null) {
            throw fail(key, "'" + id + "' is already set at " + first);
        }
    }

    private boolean onOff(Token key) throws Fail {
        Token v = value("on or off");
        if (v.isWord("on")) {
            return true;
        }
        if (v.isWord("off")) {
            return false;
        }
        throw fail(v, "expected on or off for '" + key.text() + "', got " + quoted(v));
    }

    /** An unsigned number: decimal or 0x hex, optional _ separators; with {@code bytes}, also KiB/MiB/GiB. */
    private long number(Token t, String what, boolean bytes) throws Fail {
        if (!t.is(Type.NUMBER)) {
            throw fail(t, "expected " + what + ", got " + quoted(t));
        }
        String s = t.text().replace("_", "");
        long mult = 1;
        if (bytes) {
            for (String[] u : new String[][] {{"KiB", "1024"}, {"MiB", "1048576"}, {"GiB", "1073741824"}}) {
                if (s.endsWith(u[0])) {
                    mult = Long.parseLong(u[1]);
                    s = s.substring(0, s.length() - 3);
                    break;
                }
            }
        }
        long v;
        try {
            if (s.startsWith("0x") || s.startsWith("0X")) {
                v = Long.parseUnsignedLong(s.substring(2), 16);
            } else {
                v = Long.parseUnsignedLong(s);
            }
        } catch (NumberFormatException e) {
            boolean digits = s.chars().allMatch(Character::isDigit) || s.matches("0[xX][0-9a-fA-F]+");
            throw fail(t, digits ? "number '" + t.text() + "' is too large" : "expected " + what + ", got '"
                    + t.text() + "'");
        }
        if (mult > 1 && (v < 0 || v > Long.MAX_VALUE / mult)) {
            throw fail(t, "number '" + t.text() + "' is too large");
        }
        return v * mult;
    }

    private long range(Token t, long v, long min, long max, String what) throws Fail {
        if (v < min || v > max) { // v < 0 is an unsigned value above Long.MAX_VALUE
            throw fail(t, what + " must be between " + min + " and " + max + ", got " + Long.toUnsignedString(v));
        }
        return v;
    }

    /** A duration: a number with unit ns, us, ms or s, in nanoseconds. */
    private long duration(Token t) throws Fail {
        if (!t.is(Type.NUMBER)) {
            throw fail(t, "expected a duration such as 10ms, got " + quoted(t));
        }
        String s = t.text();
        int k = 0;
        while (k < s.length() && (Character.isDigit(s.charAt(k)) || s.charAt(k) == '_')) {
            k++;
        }
        String unit = s.substring(k);
        long mult = switch (unit) {
            case "ns" -> 1L;
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "" -> throw fail(t, "duration '" + s + "' needs a unit: ns, us, ms or s");
            default -> throw fail(t, "unknown time unit '" + unit + "' (expected ns, us, ms or s)");
        };
        long v;
        try {
            v = Long.parseLong(s.substring(0, k).replace("_", ""));
        } catch (NumberFormatException e) {
            throw fail(t, "duration '" + s + "' is too long");
        }
        if (v > Long.MAX_VALUE / mult) {
            throw fail(t, "duration '" + s + "' is too long");
        }
        if (v == 0) {
            throw fail(t, "duration must be greater than 0");
        }
        return v * mult;
    }

    private DeviceRef deviceRef(Token t) throws Fail {
        if (t.is(Type.REF)) {
            return new DeviceRef(t.text(), null, t.pos());
        }
        if (t.is(Type.PATH) || t.is(Type.STRING) && t.text().startsWith("/")) {
            return new DeviceRef(null, t.text(), t.pos());
        }
        throw fail(t, "expected a device reference (&LABEL or /PATH), got " + quoted(t));
    }

    /** The platform drivers the emulator runs, by their struct device_driver name. */
    public static final List<String> DRIVER_NAMES = List.of("rcar-dmac", "sh-sci", "sh_mobile_sdhi",
            "renesas_sdhi_internal_dmac", "i2c-sh_mobile");

    private void filterWarning(Token v) {
        String f = v.text();
        if (f.isEmpty()) {
            return;
        }
        if (f.equals("sh-sci") || f.equals("sh_mobile_sdhi") || f.equals("i2c-sh_mobile")) {
            warning(v.pos(), "'" + f + "' maps its buffers with the SYS-DMAC's device (chan->device->dev), whose "
                    + "driver is rcar-dmac: with this filter dma-debug reports none of its mappings; "
                    + "use \"rcar-dmac\"");
        } else if (!DRIVER_NAMES.contains(f)) {
            warning(v.pos(), "no emulated driver is called '" + f + "' (drivers: " + String.join(", ", DRIVER_NAMES)
                    + "): dma-debug will report nothing");
        }
    }

    // ---- top level ----

    private void statement() throws Fail {
        Token key = next();
        if (!key.is(Type.WORD)) {
            throw fail(key, "expected a key, got " + quoted(key));
        }
        switch (key.text()) {
            case "board" -> {
                once(key, "board");
                expectEquals(key);
                Token v = value("a built-in board name or \"FILE.dts\"");
                boardPos = v.pos();
                if (v.is(Type.STRING)) {
                    if (v.text().isEmpty()) {
                        throw fail(v, "empty board file name");
                    }
                    boardFile = v.text();
                } else if (v.is(Type.WORD)) {
                    if (!BuiltinBoards.exists(v.text())) {
                        throw fail(v, "unknown built-in board '" + v.text() + "' (built-in boards: "
                                + String.join(", ", BuiltinBoards.NAMES) + "; a file name goes in quotes)");
                    }
                    boardName = v.text();
                } else {
                    throw fail(v, "expected a built-in board name or \"FILE.dts\", got " + quoted(v));
                }
            }
            case "include" -> {
                expectEquals(key);
                Token v = value("an include directory in quotes");
                if (!v.is(Type.STRING)) {
                    throw fail(v, "expected an include directory in quotes, got " + quoted(v));
                }
                if (firstInclude == null) {
                    firstInclude = key.pos();
                }
                includes.add(v.text());
            }
            case "iommu" -> {
                Token l = value("an IOMMU label");
                DeviceRef ref;
                if (l.is(Type.WORD) && l.text().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    ref = new DeviceRef(l.text(), null, l.pos());
                } else {
                    ref = deviceRef(l);
                }
                String id = "iommu " + ref;
                if (ref.isLabel()) {
                    id = "iommu " + ref.label();
                }
                expectEquals(key);
                boolean on = onOff(key);
                once(l, id);
                IommuAttach attach = IommuAttach.NONE;
                if (peek().is(Type.LBRACE)) {
                    Token brace = next();
                    try {
                        if (!on) {
                            throw fail(brace, "an attach block needs the IOMMU on ('iommu " + l.text()
                                    + " = on { ... }')");
                        }
                        attach = attachBlock(brace);
                    } catch (Fail f) {
                        // go on after the block's '}', not inside it
                        while (!peek().is(Type.EOF) && !peek().is(Type.RBRACE)) {
                            p++;
                        }
                        next();
                        throw f;
                    }
                }
                iommus.put(id, new IommuSwitch(ref, on, key.pos(), attach));
            }
            case "soc.revision" -> {
                once(key, key.text());
                expectEquals(key);
                Token v = value("a revision such as ES3.0");
                if (!v.is(Type.WORD) && !v.is(Type.STRING) || !v.text().matches("[A-Za-z0-9.]+")) {
                    throw fail(v, "expected a revision such as ES3.0, got " + quoted(v));
                }
                socRevision = v.text();
            }
            case "kernel" -> {
                once(key, "kernel");
                expectEquals(key);
                Token v = value("a kernel version");
                KernelProfile kp = KernelProfile.forVersion(v.text());
                if (kp == null || v.is(Type.STRING)) {
                    throw fail(v, "unknown kernel profile '" + v.text() + "' (expected 6.12 or 4.9)");
                }
                profile = kp;
            }
            case "dma-debug" -> {
                once(key, "dma-debug");
                expectEquals(key);
                debugOn = onOff(key);
            }
            case "dma-debug.driver_filter" -> {
                once(key, key.text());
                expectEquals(key);
                Token v = value("a driver name");
                if (!v.is(Type.STRING) && !v.is(Type.WORD)) {
                    throw fail(v, "expected a driver name, got " + quoted(v));
                }
                if (v.text().length() > DRIVER_FILTER_MAX) {
                    throw fail(v, "driver_filter is " + v.text().length() + " characters long; the kernel keeps "
                            + DRIVER_FILTER_MAX);
                }
                if (v.text().chars().anyMatch(Character::isWhitespace)) {
                    throw fail(v, "driver_filter must be one driver name without spaces");
                }
                driverFilter = v.text();
                filterWarning(v);
            }
            case "dma-debug.num_errors" -> {
                once(key, key.text());
                expectEquals(key);
                Token v = value("a number");
                numErrors = range(v, number(v, "a number", false), 0, 0xffff_ffffL, "num_errors");
            }
            case "dma-debug.all_errors" -> {
                once(key, key.text());
                expectEquals(key);
                allErrors = onOff(key);
            }
            case "seed" -> {
                once(key, "seed");
                expectEquals(key);
                Token v = value("a number");
                seed = number(v, "a number", false);
            }
            case "stop" -> {
                once(key, "stop");
                expectEquals(key);
                stop = stopCondition();
            }
            case "client" -> client(key);
            case "bug" -> bug(key);
            default -> {
                if (key.text().startsWith("dma-debug.")) {
                    throw fail(key, "unknown dma-debug option '" + key.text().substring(10)
                            + "' (expected driver_filter, num_errors or all_errors)");
                }
                if (isWorkloadVerb(key.text()) || key.text().equals("device")) {
                    throw fail(key, "'" + key.text() + "' belongs inside a client { ... } block");
                }
                throw fail(key, "unknown key '" + key.text() + "'");
            }
        }
    }

    /**
     * {@code { attach = all | TARGET {, TARGET} }} after an iommu switch, the opening brace read; TARGET is
     * {@code &label} or a path, optionally followed by {@code utlb N} or {@code utlb N..M}. Statements in the block
     * end at a newline or ';' like everywhere else; the block may span lines.
     */
    private IommuAttach attachBlock(Token brace) throws Fail {
        IommuAttach attach = null;
        while (true) {
            Token t = next();
            if (t.is(Type.NEWLINE) || t.is(Type.SEMI)) {
                continue;
            }
            if (t.is(Type.RBRACE)) {
                break;
            }
            if (t.is(Type.EOF)) {
                throw fail(brace, "the iommu block is not closed: missing '}'");
            }
            if (!t.isWord("attach")) {
                throw fail(t, "expected 'attach = all' or 'attach = &LABEL, ...' in the iommu block, got " + quoted(t));
            }
            if (attach != null) {
                throw fail(t, "'attach' is already set at " + attach.position());
            }
            expectEquals(t);
            if (peek().isWord("all")) {
                next();
                attach = new IommuAttach(true, List.of(), t.pos());
            } else {
                List<AttachTarget> targets = new ArrayList<>();
                while (true) {
                    DeviceRef ref = deviceRef(value("a device reference (&LABEL or /PATH) or all"));
                    if (targets.stream().anyMatch(x -> x.device().toString().equals(ref.toString()))) {
                        error(ref.position(), ref + " is listed twice");
                        throw new Fail();
                    }
                    List<Integer> utlbs = new ArrayList<>();
                    if (peek().isWord("utlb")) {
                        next();
                        utlbs = utlbRange(value("a micro-TLB number or range N..M"));
                    }
                    targets.add(new AttachTarget(ref, utlbs));
                    if (!peek().is(Type.COMMA)) {
                        break;
                    }
                    next();
                }
                attach = new IommuAttach(false, targets, t.pos());
            }
            Token end = peek();
            if (!end.is(Type.NEWLINE) && !end.is(Type.SEMI) && !end.is(Type.RBRACE)) {
                throw fail(end, "unexpected " + quoted(end) + " after the attach list");
            }
        }
        if (attach == null) {
            throw fail(brace, "empty iommu block: give 'attach = all' or 'attach = &LABEL, ...'");
        }
        return attach;
    }

    /** {@code N} or {@code N..M} (inclusive), each 0..63. */
    private List<Integer> utlbRange(Token t) throws Fail {
        if (!t.is(Type.NUMBER)) {
            throw fail(t, "expected a micro-TLB number or range N..M, got " + quoted(t));
        }
        String[] parts = t.text().split("\\.\\.", -1);
        if (parts.length > 2) {
            throw fail(t, "expected a micro-TLB number or range N..M, got '" + t.text() + "'");
        }
        long[] v = new long[parts.length];
        for (int k = 0; k < parts.length; k++) {
            Token part = new Token(Type.NUMBER, parts[k], t.pos(), t.start(), t.end());
            if (parts[k].isEmpty()) {
                throw fail(t, "expected a micro-TLB number or range N..M, got '" + t.text() + "'");
            }
            v[k] = range(part, number(part, "a micro-TLB number", false), 0, 63, "a micro-TLB number");
        }
        long lo = v[0];
        long hi = v.length == 2 ? v[1] : v[0];
        if (hi < lo) {
            throw fail(t, "micro-TLB range " + t.text() + " is empty (the end is below the start)");
        }
        List<Integer> out = new ArrayList<>();
        for (long u = lo; u <= hi; u++) {
            out.add((int) u);
        }
        return out;
    }

    private StopCondition stopCondition() throws Fail {
        OptionalLong time = OptionalLong.empty();
        OptionalLong transfers = OptionalLong.empty();
        boolean firstError = false;
        Map<String, Token> had = new HashMap<>();
        while (true) {
            Token c = value("a stop condition (time DURATION, transfers N or first-error)");
            if (had.containsKey(c.text())) {
                throw fail(c, "stop condition '" + c.text() + "' given twice");
            }
            had.put(c.text(), c);
            if (c.isWord("time")) {
                time = OptionalLong.of(duration(value("a duration such as 10ms")));
            } else if (c.isWord("transfers")) {
                Token v = value("a transfer count");
                transfers = OptionalLong.of(range(v, number(v, "a transfer count", false), 1, Long.MAX_VALUE,
                        "transfer count"));
            } else if (c.isWord("first-error")) {
                firstError = true;
            } else {
                throw fail(c, "unknown stop condition " + quoted(c) + " (expected time, transfers or first-error)");
            }
            if (!peek().is(Type.BAR)) {
                return new StopCondition(time, transfers, firstError);
            }
            next();
        }
    }

    private void client(Token key) throws Fail {
        Token name = value("a client name");
        if (!name.is(Type.WORD) || !name.text().matches("[A-Za-z_][A-Za-z0-9_-]*")) {
            throw fail(name, "expected a client name (letters, digits, _ and -), got " + quoted(name));
        }
        ClientBuilder dup = null;
        for (ClientBuilder c : clients) {
            if (c.name.equals(name.text())) {
                dup = c;
            }
        }
        Token brace = next();
        if (!brace.is(Type.LBRACE)) {
            throw fail(brace, "expected '{' after client name '" + name.text() + "', got " + quoted(brace));
        }
        open = new ClientBuilder(name.text(), name.pos());
        if (dup != null) {
            // the block is still read (and dropped) so its contents do not count as top-level statements
            error(name.pos(), "client '" + name.text() + "' is already defined at " + dup.pos);
            open.broken = true;
        } else {
            clients.add(open);
        }
        // a statement may follow the brace on the same line
        if (!atEnd(peek())) {
            clientStatement();
        }
    }

    private void bug(Token key) throws Fail {
        Token client = value("a client name");
        if (!client.is(Type.WORD)) {
            throw fail(client, "expected a client name, got " + quoted(client));
        }
        expectEquals(key);
        Token name = value("a driver bug name");
        Optional<DriverBug> b = name.is(Type.WORD) ? DriverBugs.forName(name.text()) : Optional.empty();
        if (b.isEmpty()) {
            throw fail(name, "unknown driver bug " + quoted(name) + " (see the list of driver bugs in FORMAT.md)");
        }
        for (InjectedBug x : bugs) {
            if (x.client().equals(client.text()) && x.bug() == b.get()) {
                throw fail(name, "bug '" + name.text() + "' is already injected into '" + client.text() + "' at "
                        + x.position());
            }
        }
        bugs.add(new InjectedBug(client.text(), b.get(), name.pos()));
        bugClients.add(client);
    }

    // ---- client blocks ----

    private static boolean isWorkloadVerb(String w) {
        for (WorkloadKind k : WorkloadKind.values()) {
            if (k.keyword().equals(w)) {
                return true;
            }
        }
        return false;
    }

    private void clientStatement() throws Fail {
        Token key = next();
        if (!key.is(Type.WORD)) {
            throw fail(key, "expected 'device' or a workload (tx, rx, read, write, memcpy), got " + quoted(key));
        }
        if (key.isWord("device")) {
            if (open.device != null) {
                throw fail(key, "client '" + open.name + "' already has a device, set at " + open.device.position());
            }
            expectEquals(key);
            open.device = deviceRef(value("a device reference (&LABEL or /PATH)"));
            return;
        }
        WorkloadKind kind = null;
        for (WorkloadKind k : WorkloadKind.values()) {
            if (k.keyword().equals(key.text())) {
                kind = k;
            }
        }
        if (kind == null) {
            if (key.text().equals("client") || key.text().equals("bug") || key.text().equals("board")) {
                throw fail(key, "'" + key.text() + "' cannot appear inside client '" + open.name
                        + "' (missing '}'?)");
            }
            throw fail(key, "unknown client statement '" + key.text()
                    + "' (expected device, tx, rx, read, write or memcpy)");
        }
        for (Workload w : open.workloads) {
            boolean sameFamily = w.kind().isTxRx() == kind.isTxRx() && w.kind().isSd() == kind.isSd();
            if (!sameFamily) {
                throw fail(key, "client '" + open.name + "' mixes '" + w.kind().keyword() + "' and '"
                        + kind.keyword() + "' workloads; use one client per device kind");
            }
        }
        open.workloads.add(workload(kind, key));
    }

    private Workload workload(WorkloadKind kind, Token verb) throws Fail {
        long count;
        Optional<String> text = Optional.empty();
        Token what = value(kind.isSd() ? "'blocks'" : kind == WorkloadKind.TX ? "'bytes' or 'text'" : "'bytes'");
        if (kind == WorkloadKind.TX && what.isWord("text")) {
            Token s = value("a string");
            if (!s.is(Type.STRING)) {
                throw fail(s, "expected a string after 'text', got " + quoted(s));
            }
            byte[] b = s.text().getBytes(StandardCharsets.UTF_8);
            if (b.length == 0) {
                throw fail(s, "empty text: nothing to transmit");
            }
            if (b.length > 65536) {
                throw fail(s, "text is " + b.length + " bytes; at most 65536");
            }
            text = Optional.of(s.text());
            count = b.length;
        } else if (kind.isSd() && what.isWord("blocks")) {
            Token n = value("a block count");
            count = range(n, number(n, "a block count", false), 1, MAX_BLOCKS, "block count");
        } else if (!kind.isSd() && what.isWord("bytes")) {
            Token n = value("a byte count");
            count = range(n, number(n, "a byte count", true), 1, MAX_BYTES, "byte count");
        } else {
            String expected = kind.isSd() ? "'blocks'" : kind == WorkloadKind.TX ? "'bytes' or 'text'" : "'bytes'";
            throw fail(what, "expected " + expected + " after '" + verb.text() + "', got " + quoted(what));
        }
        int segments = 1;
        long repeat = 1;
        long rate = 0;
        long every = 0;
        DeviceRef to = null;
        Map<String, Token> had = new HashMap<>();
        while (!atEnd(peek())) {
            Token opt = next();
            if (!opt.is(Type.WORD)) {
                throw fail(opt, "expected a workload option (repeat, every, rate, segments, to), got " + quoted(opt));
            }
            Token prev = had.put(opt.text(), opt);
            if (prev != null) {
                throw fail(opt, "'" + opt.text() + "' given twice for this workload");
            }
            switch (opt.text()) {
                case "repeat" -> {
                    Token v = value("a repeat count or 'forever'");
                    repeat = v.isWord("forever") ? FOREVER
                            : range(v, number(v, "a repeat count or 'forever'", false), 1, 1_000_000_000L,
                                    "repeat count");
                }
                case "every" -> every = duration(value("a duration such as 1ms"));
                case "rate" -> {
                    if (!kind.isTxRx()) {
                        throw fail(opt, "'rate' (serial baud rate or I2C bus clock) applies only to tx and rx");
                    }
                    Token v = value("a line rate");
                    rate = range(v, number(v, "a line rate", false), 50, 20_000_000, "line rate");
                }
                case "segments" -> {
                    if (!kind.isSd()) {
                        throw fail(opt, "'segments' (the scatterlist length) applies only to read and write");
                    }
                    Token v = value("a segment count");
                    segments = (int) range(v, number(v, "a segment count", false), 1, count, "segment count");
                }
                case "to" -> {
                    if (kind != WorkloadKind.MEMCPY) {
                        throw fail(opt, "'to' (the MMIO destination of a copy) applies only to memcpy");
                    }
                    to = deviceRef(value("a device reference (&LABEL or /PATH) with an MMIO window, such as an "
                            + "mmio-sram"));
                }
                default -> throw fail(opt, "unknown workload option '" + opt.text()
                        + "' (expected repeat, every, rate, segments or to)");
            }
        }
        return new Workload(kind, count, text, segments, repeat, rate, every, verb.pos(), Optional.ofNullable(to));
    }
}
