// Where a layer may not import a module (electron, node:*), its tsconfig maps the module here: the
// compiler then rejects any name taken from it ("has no exported member"). The layers and what each may
// use: docs/ARCHITECTURE.md. The lint rules of eslint.config.js say the same in words.
export {}
