package org.dmaworkbench.emulation.inspect;

/**
 * The memory type of a MAIR attribute byte (ARMv8 MAIR_ELx, which the IPMMU's IMMAIR0 copies: io-pgtable-arm.c
 * fills it with {@code ARM_LPAE_MAIR_ATTR_NC} 0x44, {@code _WBRWA} 0xff, {@code _DEVICE} 0x04 and
 * {@code _INC_OWBRWA} 0xf4 at indexes 0..3).
 */
public final class MairDecoder {
    private MairDecoder() {
    }

    /** The attribute byte at {@code index} (0..7) of a MAIR value (IMMAIR0 holds indexes 0..3). */
    public static int attr(long mair, int index) {
        return (int) (mair >>> (8 * index)) & 0xff;
    }

    /** Whether the attribute is a Device memory type (high nibble 0). */
    public static boolean isDevice(int attr) {
        return (attr & 0xf0) == 0;
    }

    /** e.g. {@code device memory (Device-nGnRE)}, {@code normal memory, write-back read/write-allocate}. */
    public static String describe(int attr) {
        if (isDevice(attr)) {
            String[] dev = { "Device-nGnRnE", "Device-nGnRE", "Device-nGRE", "Device-GRE" };
            return (attr & 3) == 0 ? "device memory (" + dev[(attr >>> 2) & 3] + ")"
                    : String.format("device memory (reserved encoding 0x%02x)", attr);
        }
        String outer = normal(attr >>> 4);
        String inner = normal(attr & 0xf);
        if (outer.equals(inner)) {
            return "normal memory, " + outer;
        }
        return "normal memory, inner " + inner + ", outer " + outer;
    }

    private static String normal(int n) {
        if (n == 0b0100) {
            return "non-cacheable";
        }
        String kind = (n & 0b1100) == 0b0100 ? "write-back transient" : (n & 0b1100) == 0b1100 ? "write-back"
                : (n & 0b1100) == 0b1000 ? "write-through" : "write-through transient";
        String alloc = switch (n & 3) {
            case 3 -> " read/write-allocate";
            case 2 -> " read-allocate";
            case 1 -> " write-allocate";
            default -> " no-allocate";
        };
        return kind + alloc;
    }
}
