package org.dmaworkbench.devicetree.lang.syntax;

/** What a piece of device-tree source is, for colouring and for the structure built on top of the tokens. */
public enum TokenKind {
    /** {@code /* … *}{@code /} and {@code // …} */
    COMMENT,
    /** a preprocessor directive line ({@code #include}, {@code #if …}), apart from the parts below */
    PREPROCESSOR,
    /** the {@code <file>} or {@code "file"} of {@code #include} and {@code /include/} */
    INCLUDE_PATH,
    /** the name a {@code #define} defines */
    MACRO_DEFINITION,
    /** an identifier in a value or expression: a macro (cpp has replaced it before dtc sees it) */
    MACRO,
    /** {@code /dts-v1/}, {@code /delete-node/}, {@code /bits/} … */
    DIRECTIVE,
    /** {@code name:} defining a label */
    LABEL,
    /** {@code &name} or {@code &{/path}} */
    REFERENCE,
    /** a node's name without its unit address */
    NODE_NAME,
    /** {@code @…} after a node name */
    UNIT_ADDRESS,
    /** a property's name */
    PROPERTY_NAME,
    /** a {@code "…"} string */
    STRING,
    /** a {@code 'c'} character literal */
    CHAR,
    /** a number in cells or an expression, or a byte of a {@code [ … ]} byte string */
    NUMBER,
    /** {@code { } ; = < > [ ] ( ) ,} */
    PUNCTUATION,
    /** an operator of an integer expression */
    OPERATOR,
    /** a name whose role cannot be told yet (no '{', '=' or ';' after it) */
    NAME;

    /** Whether the parser skips it (comments and preprocessor lines are not device-tree syntax). */
    public boolean isTrivia() {
        return this == COMMENT || this == PREPROCESSOR || this == INCLUDE_PATH || this == MACRO_DEFINITION;
    }
}
