import Werk
