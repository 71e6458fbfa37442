"""Document metadata (see extract.metadata.assemble): the names the pipeline and tests use."""
from extract.metadata.assemble import extract_metadata
from extract.metadata.frameworks import near_framework
from extract.metadata.site import read_site_metadata, site_metadata_from_rows

__all__ = ["extract_metadata", "near_framework", "read_site_metadata", "site_metadata_from_rows"]
