"""Reports: context, notebooks runner, HTML/PDF/XLSX/PPTX exports."""
