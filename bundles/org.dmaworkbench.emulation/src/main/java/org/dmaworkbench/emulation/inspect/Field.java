package org.dmaworkbench.emulation.inspect;

/**
 * One decoded field of a descriptor or register.
 *
 * @param name    the architectural name ({@code AttrIndx}, {@code AP[2:1]}, {@code SH}, {@code T0SZ}...)
 * @param bits    where it is, e.g. {@code [4:2]}
 * @param value   its raw value
 * @param meaning what the value means, in words
 */
public record Field(String name, String bits, long value, String meaning) {

    @Override
    public String toString() {
        return name + "=" + value + " (" + meaning + ")";
    }
}
