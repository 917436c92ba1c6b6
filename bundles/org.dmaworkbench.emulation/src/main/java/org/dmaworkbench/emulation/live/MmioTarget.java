package org.dmaworkbench.emulation.live;

/**
 * The device register a physical address hits ({@link LiveStateModel#mmioTarget}): what a {@code resource} mapping
 * lets a DMA engine read or write.
 *
 * @param device       the device's {@code dev_name()}, e.g. {@code e6e60000.serial}
 * @param node         its device-tree node path
 * @param base         the start of its first register window
 * @param offset       the address's offset from {@code base}
 * @param register     the register's name in the hardware manual (e.g. {@code SCFTDR}), null when the model does
 *                     not name a register there
 * @param kernelName   the name the Linux driver uses, "" when the same or unknown
 * @param description  what the register is
 * @param width        its width in bytes, 0 when unknown
 */
public record MmioTarget(String device, String node, long base, long offset, String register, String kernelName,
        String description, int width) {

    /** E.g. {@code e6e60000.serial SCFTDR (transmit FIFO data register) at +0x0c}. */
    public String describe() {
        String where = String.format("+0x%02x", offset);
        if (register == null) {
            return device + " " + where;
        }
        return device + " " + register + " (" + description + ") at " + where;
    }
}
