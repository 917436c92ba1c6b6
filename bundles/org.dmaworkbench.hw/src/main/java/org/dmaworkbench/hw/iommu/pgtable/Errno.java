package org.dmaworkbench.hw.iommu.pgtable;

/** The negative errno values io-pgtable returns, with the kernel's names (include/uapi/asm-generic/errno-base.h). */
public final class Errno {
    public static final int ENOMEM = -12;
    public static final int EEXIST = -17;
    public static final int EINVAL = -22;
    public static final int ERANGE = -34;

    private Errno() {
    }

    /** @return "-EINVAL" style name of a return value, "0" for success, the number otherwise */
    public static String name(int ret) {
        switch (ret) {
        case 0:
            return "0";
        case ENOMEM:
            return "-ENOMEM";
        case EEXIST:
            return "-EEXIST";
        case EINVAL:
            return "-EINVAL";
        case ERANGE:
            return "-ERANGE";
        default:
            return Integer.toString(ret);
        }
    }
}
