"""dtiplan: the CLI and the pipeline that joins the stages in extract/, normalize/, catalog/."""
__version__ = "0.1.0"
