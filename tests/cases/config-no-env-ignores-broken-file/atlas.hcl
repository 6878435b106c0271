this is not HCL
