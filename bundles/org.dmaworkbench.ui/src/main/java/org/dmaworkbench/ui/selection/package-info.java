/**
 * What the DMA Workbench views select, as elements of the workbench's {@code IStructuredSelection}: one selection
 * model shared by the DMA-API view, the IOMMU view, the transfer timeline and the hardware view (as the Platform's
 * views share the selection service). A view publishes its selection through its site's selection provider and
 * follows the others through the {@code ISelectionService}; {@code source} is the {@code LiveStateModel} the element
 * comes from, so a view ignores what another emulation or capture selected.
 */
package org.dmaworkbench.ui.selection;
