/** What the IOMMU view, the transfer timeline and the hardware view follow: the emulation context or a given model. */
package org.dmaworkbench.ui.views.source;
